-- Every query reads a billing month as substr(billing_period_start, 1, 7), which this index
-- cannot serve, and month totals come from cost_rollup; the index only slowed imports down.
DROP INDEX cost_line_period;
