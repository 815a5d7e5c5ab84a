//! When this process started, in milliseconds since the Unix epoch, for the cold-start figure of
//! the GUI benchmark: read from the kernel's record of the process (`/proc/self/stat`), so it
//! counts loading the binary and everything before `app::run`; the clock now where /proc is absent.

use std::time::{SystemTime, UNIX_EPOCH};

/// `USER_HZ`, the unit of start times in /proc: 100 on every Linux architecture.
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

/// The process start, or the current time when it cannot be read.
pub fn started_at_ms() -> f64 {
    let now = epoch_ms();
    let stat = std::fs::read_to_string("/proc/self/stat");
    let uptime = std::fs::read_to_string("/proc/uptime");
    match (stat, uptime) {
        (Ok(stat), Ok(uptime)) => {
            age_ms(&stat, &uptime, CLOCK_TICKS_PER_SECOND).map_or(now, |age| now - age)
        }
        _ => now,
    }
}

/// How long ago the process of `stat` started, given the system's `uptime` (both as /proc
/// writes them); `None` for text it cannot read or an age that makes no sense.
fn age_ms(stat: &str, uptime: &str, ticks_per_second: f64) -> Option<f64> {
    // Field 22 (starttime, in ticks since boot). The command name, field 2, is in parentheses and
    // may hold spaces or parentheses itself, so count from the last ')': field 3 is first there.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let start_ticks: f64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let uptime_seconds: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let age = (uptime_seconds - start_ticks / ticks_per_second) * 1000.0;
    // Both are rounded to a tick (10 ms): a just-started process can come out a tick negative.
    (-20.0..86_400_000.0).contains(&age).then_some(age.max(0.0))
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_comes_from_the_start_time_field_after_the_command_name() {
        // A command name with spaces and a ')' of its own; starttime (field 22) is 12345 ticks.
        let stat = "4242 (quarter (master) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 \
                    4 0 12345 1000000 500 18446744073709551615";
        let age = age_ms(stat, "125.50 300.00\n", 100.0).unwrap_or(f64::NAN);
        assert!(
            (age - 2_050.0).abs() < 1e-6,
            "125.50 s up, started at 123.45 s: {age}"
        );
        assert_eq!(age_ms(stat, "123.44 1.0", 100.0), Some(0.0), "a tick early");
        assert_eq!(age_ms(stat, "100.00 1.0", 100.0), None, "started after now");
        assert_eq!(age_ms("garbage", "125.5", 100.0), None);
        assert_eq!(age_ms(stat, "", 100.0), None);
    }

    #[test]
    fn this_process_started_before_now_and_not_long_ago() {
        let started = started_at_ms();
        let now = epoch_ms();
        assert!(started <= now, "{started} > {now}");
        if std::path::Path::new("/proc/self/stat").exists() {
            // This test binary has run for a while already: the start is before the call.
            assert!(now - started < 3_600_000.0, "{}", now - started);
        }
    }
}
