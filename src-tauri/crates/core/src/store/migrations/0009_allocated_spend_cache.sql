-- The stored allocation rules' result over every import's pre-aggregated spend, kept so the
-- FinOps figures of a year of billing read a few hundred rows. Only a cache: the fingerprint
-- names the rules, models and imports it was computed from, and any difference recomputes it.
CREATE TABLE allocated_spend_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
) STRICT;

CREATE TABLE allocated_spend_cache (
    month TEXT NOT NULL,
    currency TEXT NOT NULL,
    rule_id INTEGER,
    model_id INTEGER,
    team_id INTEGER,
    category TEXT,
    provider_name TEXT NOT NULL,
    service_name TEXT NOT NULL,
    billed_cost TEXT NOT NULL,
    effective_cost TEXT NOT NULL,
    line_count INTEGER NOT NULL
) STRICT;

-- A rollup that goes (stale after a line edit, or its import undone) may be written again
-- for the same batch with other sums: the cache computed from it goes with it.
CREATE TRIGGER cost_rollup_batch_delete_drops_cache AFTER DELETE ON cost_rollup_batch
BEGIN
    DELETE FROM allocated_spend_key;
END;
