//! The demo's only source of variety: a seeded xorshift generator, so two runs are identical.

/// A tiny deterministic generator (xorshift64) for the little variety the demo needs.
pub(super) struct Xorshift(pub(super) u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A whole number in `low..=high`.
    pub(super) fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = (high - low + 1).max(1) as u64;
        low + (self.next() % span) as i64
    }

    /// A per-mille factor within `1000 ± spread`.
    pub(super) fn permille(&mut self, spread: i64) -> i64 {
        self.between(1000 - spread, 1000 + spread)
    }
}
