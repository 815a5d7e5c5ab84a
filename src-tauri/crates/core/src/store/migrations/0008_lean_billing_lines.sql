-- Quartermaster schema 8: billing lines kept lean. A year of monthly billing exports is
-- tens of millions of lines, so each line holds small integers only:
--   * every repeated string (provider, service, categories, sub-account, resource, region,
--     SKU, unit, currency, tags) is an id into one dictionary, `billing_text`; '' is NULL;
--   * amounts are scaled integers (mantissa × 32 + scale, so `12.50` keeps its two places),
--     timestamps are Unix seconds; a value that would not come back as the very same text
--     (`+12.5`, `.5`, a hand-typed timestamp) is kept as that text instead (the columns are ANY);
--   * no per-line timestamps: a line's created/updated time is its import's, unless the line
--     was typed or edited by hand.
-- `cost_line` becomes a view that gives back exactly the text rows of schema 7, so readers,
-- the export and hand edits (through its INSTEAD OF triggers) see no difference.

CREATE TABLE billing_text (
    id INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE billing_line (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    billed ANY NOT NULL,
    effective ANY NOT NULL,
    list ANY NOT NULL,
    currency INTEGER NOT NULL,
    charge_start ANY NOT NULL,
    charge_end ANY NOT NULL,
    billing_start ANY NOT NULL,
    charge_category INTEGER,
    provider INTEGER,
    service INTEGER,
    service_category INTEGER,
    sub_account INTEGER,
    resource INTEGER,
    resource_name INTEGER,
    region INTEGER,
    sku INTEGER,
    quantity ANY,
    unit INTEGER,
    tags INTEGER,
    created_at TEXT,
    updated_at TEXT
) STRICT;
CREATE INDEX billing_line_batch ON billing_line(batch_id);

-- Schema 7's lines, moved: strings into the dictionary, then each line encoded. Values that
-- do not decode back to their text are put right below, once the view exists.
ALTER TABLE cost_line RENAME TO cost_line_v7;

INSERT INTO billing_text (value)
SELECT DISTINCT value FROM (
    SELECT billing_currency AS value FROM cost_line_v7
    UNION SELECT charge_category FROM cost_line_v7
    UNION SELECT provider_name FROM cost_line_v7
    UNION SELECT service_name FROM cost_line_v7
    UNION SELECT service_category FROM cost_line_v7
    UNION SELECT sub_account_id FROM cost_line_v7
    UNION SELECT resource_id FROM cost_line_v7
    UNION SELECT resource_name FROM cost_line_v7
    UNION SELECT region_id FROM cost_line_v7
    UNION SELECT sku_id FROM cost_line_v7
    UNION SELECT consumed_unit FROM cost_line_v7
    UNION SELECT tags FROM cost_line_v7
) WHERE value <> '' ORDER BY value;

INSERT INTO billing_line
SELECT o.id, o.batch_id,
    CASE WHEN length(replace(o.billed_cost, '.', '')) <= 17
        THEN CAST(replace(o.billed_cost, '.', '') AS INTEGER) * 32
            + CASE WHEN instr(o.billed_cost, '.') > 0 THEN length(o.billed_cost) - instr(o.billed_cost, '.') ELSE 0 END
        ELSE o.billed_cost END,
    CASE WHEN length(replace(o.effective_cost, '.', '')) <= 17
        THEN CAST(replace(o.effective_cost, '.', '') AS INTEGER) * 32
            + CASE WHEN instr(o.effective_cost, '.') > 0 THEN length(o.effective_cost) - instr(o.effective_cost, '.') ELSE 0 END
        ELSE o.effective_cost END,
    CASE WHEN length(replace(o.list_cost, '.', '')) <= 17
        THEN CAST(replace(o.list_cost, '.', '') AS INTEGER) * 32
            + CASE WHEN instr(o.list_cost, '.') > 0 THEN length(o.list_cost) - instr(o.list_cost, '.') ELSE 0 END
        ELSE o.list_cost END,
    (SELECT id FROM billing_text WHERE value = o.billing_currency),
    coalesce(unixepoch(o.charge_period_start), o.charge_period_start),
    coalesce(unixepoch(o.charge_period_end), o.charge_period_end),
    coalesce(unixepoch(o.billing_period_start), o.billing_period_start),
    (SELECT id FROM billing_text WHERE value = o.charge_category),
    (SELECT id FROM billing_text WHERE value = o.provider_name),
    (SELECT id FROM billing_text WHERE value = o.service_name),
    (SELECT id FROM billing_text WHERE value = o.service_category),
    (SELECT id FROM billing_text WHERE value = o.sub_account_id),
    (SELECT id FROM billing_text WHERE value = o.resource_id),
    (SELECT id FROM billing_text WHERE value = o.resource_name),
    (SELECT id FROM billing_text WHERE value = o.region_id),
    (SELECT id FROM billing_text WHERE value = o.sku_id),
    CASE WHEN o.consumed_quantity IS NULL THEN NULL
        WHEN length(replace(o.consumed_quantity, '.', '')) <= 17
        THEN CAST(replace(o.consumed_quantity, '.', '') AS INTEGER) * 32
            + CASE WHEN instr(o.consumed_quantity, '.') > 0 THEN length(o.consumed_quantity) - instr(o.consumed_quantity, '.') ELSE 0 END
        ELSE o.consumed_quantity END,
    (SELECT id FROM billing_text WHERE value = o.consumed_unit),
    (SELECT id FROM billing_text WHERE value = o.tags),
    nullif(o.created_at, b.imported_at),
    nullif(o.updated_at, b.imported_at)
FROM cost_line_v7 o JOIN import_batch b ON b.id = o.batch_id;

-- A line as text, exactly as schema 7 stored it. An amount decodes as its sign, its digits
-- and a point `scale` places from the right; a timestamp as `YYYY-MM-DDTHH:MM:SSZ`.
CREATE VIEW cost_line AS
SELECT l.id AS id,
    l.batch_id AS batch_id,
    CASE WHEN typeof(l.billed) <> 'integer' THEN l.billed
        WHEN (l.billed % 32 + 32) % 32 = 0 THEN CAST(l.billed / 32 AS TEXT)
        ELSE iif(l.billed < 0, '-', '')
            || substr(printf('%0*d', (l.billed % 32 + 32) % 32 + 1, abs((l.billed - (l.billed % 32 + 32) % 32) / 32)), 1,
                length(printf('%0*d', (l.billed % 32 + 32) % 32 + 1, abs((l.billed - (l.billed % 32 + 32) % 32) / 32))) - (l.billed % 32 + 32) % 32)
            || '.' || substr(printf('%0*d', (l.billed % 32 + 32) % 32 + 1, abs((l.billed - (l.billed % 32 + 32) % 32) / 32)), -((l.billed % 32 + 32) % 32))
    END AS billed_cost,
    CASE WHEN typeof(l.effective) <> 'integer' THEN l.effective
        WHEN (l.effective % 32 + 32) % 32 = 0 THEN CAST(l.effective / 32 AS TEXT)
        ELSE iif(l.effective < 0, '-', '')
            || substr(printf('%0*d', (l.effective % 32 + 32) % 32 + 1, abs((l.effective - (l.effective % 32 + 32) % 32) / 32)), 1,
                length(printf('%0*d', (l.effective % 32 + 32) % 32 + 1, abs((l.effective - (l.effective % 32 + 32) % 32) / 32))) - (l.effective % 32 + 32) % 32)
            || '.' || substr(printf('%0*d', (l.effective % 32 + 32) % 32 + 1, abs((l.effective - (l.effective % 32 + 32) % 32) / 32)), -((l.effective % 32 + 32) % 32))
    END AS effective_cost,
    CASE WHEN typeof(l.list) <> 'integer' THEN l.list
        WHEN (l.list % 32 + 32) % 32 = 0 THEN CAST(l.list / 32 AS TEXT)
        ELSE iif(l.list < 0, '-', '')
            || substr(printf('%0*d', (l.list % 32 + 32) % 32 + 1, abs((l.list - (l.list % 32 + 32) % 32) / 32)), 1,
                length(printf('%0*d', (l.list % 32 + 32) % 32 + 1, abs((l.list - (l.list % 32 + 32) % 32) / 32))) - (l.list % 32 + 32) % 32)
            || '.' || substr(printf('%0*d', (l.list % 32 + 32) % 32 + 1, abs((l.list - (l.list % 32 + 32) % 32) / 32)), -((l.list % 32 + 32) % 32))
    END AS list_cost,
    (SELECT value FROM billing_text WHERE id = l.currency) AS billing_currency,
    iif(typeof(l.charge_start) = 'integer', strftime('%Y-%m-%dT%H:%M:%SZ', l.charge_start, 'unixepoch'), l.charge_start) AS charge_period_start,
    iif(typeof(l.charge_end) = 'integer', strftime('%Y-%m-%dT%H:%M:%SZ', l.charge_end, 'unixepoch'), l.charge_end) AS charge_period_end,
    iif(typeof(l.billing_start) = 'integer', strftime('%Y-%m-%dT%H:%M:%SZ', l.billing_start, 'unixepoch'), l.billing_start) AS billing_period_start,
    coalesce((SELECT value FROM billing_text WHERE id = l.charge_category), '') AS charge_category,
    coalesce((SELECT value FROM billing_text WHERE id = l.provider), '') AS provider_name,
    coalesce((SELECT value FROM billing_text WHERE id = l.service), '') AS service_name,
    coalesce((SELECT value FROM billing_text WHERE id = l.service_category), '') AS service_category,
    coalesce((SELECT value FROM billing_text WHERE id = l.sub_account), '') AS sub_account_id,
    coalesce((SELECT value FROM billing_text WHERE id = l.resource), '') AS resource_id,
    coalesce((SELECT value FROM billing_text WHERE id = l.resource_name), '') AS resource_name,
    coalesce((SELECT value FROM billing_text WHERE id = l.region), '') AS region_id,
    coalesce((SELECT value FROM billing_text WHERE id = l.sku), '') AS sku_id,
    CASE WHEN l.quantity IS NULL OR typeof(l.quantity) <> 'integer' THEN l.quantity
        WHEN (l.quantity % 32 + 32) % 32 = 0 THEN CAST(l.quantity / 32 AS TEXT)
        ELSE iif(l.quantity < 0, '-', '')
            || substr(printf('%0*d', (l.quantity % 32 + 32) % 32 + 1, abs((l.quantity - (l.quantity % 32 + 32) % 32) / 32)), 1,
                length(printf('%0*d', (l.quantity % 32 + 32) % 32 + 1, abs((l.quantity - (l.quantity % 32 + 32) % 32) / 32))) - (l.quantity % 32 + 32) % 32)
            || '.' || substr(printf('%0*d', (l.quantity % 32 + 32) % 32 + 1, abs((l.quantity - (l.quantity % 32 + 32) % 32) / 32)), -((l.quantity % 32 + 32) % 32))
    END AS consumed_quantity,
    coalesce((SELECT value FROM billing_text WHERE id = l.unit), '') AS consumed_unit,
    coalesce((SELECT value FROM billing_text WHERE id = l.tags), '{}') AS tags,
    coalesce(l.created_at, b.imported_at) AS created_at,
    coalesce(l.updated_at, b.imported_at) AS updated_at
FROM billing_line l JOIN import_batch b ON b.id = l.batch_id;

-- Where a moved value does not decode to its schema 7 text, keep the text itself.
UPDATE billing_line SET
    billed = iif(v.billed_cost IS o.billed_cost, billing_line.billed, o.billed_cost),
    effective = iif(v.effective_cost IS o.effective_cost, billing_line.effective, o.effective_cost),
    list = iif(v.list_cost IS o.list_cost, billing_line.list, o.list_cost),
    charge_start = iif(v.charge_period_start IS o.charge_period_start, billing_line.charge_start, o.charge_period_start),
    charge_end = iif(v.charge_period_end IS o.charge_period_end, billing_line.charge_end, o.charge_period_end),
    billing_start = iif(v.billing_period_start IS o.billing_period_start, billing_line.billing_start, o.billing_period_start),
    quantity = iif(v.consumed_quantity IS o.consumed_quantity, billing_line.quantity, o.consumed_quantity)
FROM cost_line_v7 o JOIN cost_line v ON v.id = o.id
WHERE o.id = billing_line.id
  AND (v.billed_cost IS NOT o.billed_cost OR v.effective_cost IS NOT o.effective_cost
    OR v.list_cost IS NOT o.list_cost OR v.charge_period_start IS NOT o.charge_period_start
    OR v.charge_period_end IS NOT o.charge_period_end OR v.billing_period_start IS NOT o.billing_period_start
    OR v.consumed_quantity IS NOT o.consumed_quantity);

DROP TABLE cost_line_v7;

-- Hand edits through the view. Strings go into the dictionary; values are stored encoded
-- the way the migration above does, then put back as text where they would not decode to
-- the very text given. Imports write `billing_line` directly (finops::import::focus).
CREATE TRIGGER cost_line_insert INSTEAD OF INSERT ON cost_line
BEGIN
    INSERT OR IGNORE INTO billing_text (value)
    SELECT value FROM (
        SELECT new.billing_currency AS value UNION SELECT new.charge_category UNION SELECT new.provider_name
        UNION SELECT new.service_name UNION SELECT new.service_category UNION SELECT new.sub_account_id
        UNION SELECT new.resource_id UNION SELECT new.resource_name UNION SELECT new.region_id
        UNION SELECT new.sku_id UNION SELECT new.consumed_unit UNION SELECT new.tags
    ) WHERE value <> '';
    INSERT INTO billing_line (id, batch_id, billed, effective, list, currency, charge_start, charge_end,
        billing_start, charge_category, provider, service, service_category, sub_account, resource,
        resource_name, region, sku, quantity, unit, tags, created_at, updated_at)
    VALUES (new.id, new.batch_id, new.billed_cost, new.effective_cost, new.list_cost,
        (SELECT id FROM billing_text WHERE value = new.billing_currency),
        new.charge_period_start, new.charge_period_end, new.billing_period_start,
        (SELECT id FROM billing_text WHERE value = new.charge_category),
        (SELECT id FROM billing_text WHERE value = new.provider_name),
        (SELECT id FROM billing_text WHERE value = new.service_name),
        (SELECT id FROM billing_text WHERE value = new.service_category),
        (SELECT id FROM billing_text WHERE value = new.sub_account_id),
        (SELECT id FROM billing_text WHERE value = new.resource_id),
        (SELECT id FROM billing_text WHERE value = new.resource_name),
        (SELECT id FROM billing_text WHERE value = new.region_id),
        (SELECT id FROM billing_text WHERE value = new.sku_id),
        new.consumed_quantity,
        (SELECT id FROM billing_text WHERE value = new.consumed_unit),
        (SELECT id FROM billing_text WHERE value = new.tags),
        new.created_at, new.updated_at);
END;

CREATE TRIGGER cost_line_update INSTEAD OF UPDATE ON cost_line
BEGIN
    INSERT OR IGNORE INTO billing_text (value)
    SELECT value FROM (
        SELECT new.billing_currency AS value UNION SELECT new.charge_category UNION SELECT new.provider_name
        UNION SELECT new.service_name UNION SELECT new.service_category UNION SELECT new.sub_account_id
        UNION SELECT new.resource_id UNION SELECT new.resource_name UNION SELECT new.region_id
        UNION SELECT new.sku_id UNION SELECT new.consumed_unit UNION SELECT new.tags
    ) WHERE value <> '';
    UPDATE billing_line SET id = new.id, batch_id = new.batch_id, billed = new.billed_cost,
        effective = new.effective_cost, list = new.list_cost,
        currency = (SELECT id FROM billing_text WHERE value = new.billing_currency),
        charge_start = new.charge_period_start, charge_end = new.charge_period_end,
        billing_start = new.billing_period_start,
        charge_category = (SELECT id FROM billing_text WHERE value = new.charge_category),
        provider = (SELECT id FROM billing_text WHERE value = new.provider_name),
        service = (SELECT id FROM billing_text WHERE value = new.service_name),
        service_category = (SELECT id FROM billing_text WHERE value = new.service_category),
        sub_account = (SELECT id FROM billing_text WHERE value = new.sub_account_id),
        resource = (SELECT id FROM billing_text WHERE value = new.resource_id),
        resource_name = (SELECT id FROM billing_text WHERE value = new.resource_name),
        region = (SELECT id FROM billing_text WHERE value = new.region_id),
        sku = (SELECT id FROM billing_text WHERE value = new.sku_id),
        quantity = new.consumed_quantity,
        unit = (SELECT id FROM billing_text WHERE value = new.consumed_unit),
        tags = (SELECT id FROM billing_text WHERE value = new.tags),
        created_at = new.created_at, updated_at = new.updated_at
    WHERE id = old.id;
END;

CREATE TRIGGER cost_line_delete INSTEAD OF DELETE ON cost_line
BEGIN
    DELETE FROM billing_line WHERE id = old.id;
END;

-- Schema 2's rule, on the lines' new home: any change to a rolled-up batch's lines drops its
-- rollup, so reports fall back to the lines themselves and never disagree with them.
CREATE TRIGGER billing_line_insert_stales_rollup AFTER INSERT ON billing_line
WHEN EXISTS (SELECT 1 FROM cost_rollup_batch WHERE id = new.batch_id)
BEGIN
    DELETE FROM cost_rollup WHERE batch_id = new.batch_id;
    DELETE FROM cost_rollup_batch WHERE id = new.batch_id;
END;

CREATE TRIGGER billing_line_update_stales_rollup AFTER UPDATE ON billing_line
WHEN EXISTS (SELECT 1 FROM cost_rollup_batch WHERE id IN (old.batch_id, new.batch_id))
BEGIN
    DELETE FROM cost_rollup WHERE batch_id IN (old.batch_id, new.batch_id);
    DELETE FROM cost_rollup_batch WHERE id IN (old.batch_id, new.batch_id);
END;

CREATE TRIGGER billing_line_delete_stales_rollup AFTER DELETE ON billing_line
WHEN EXISTS (SELECT 1 FROM cost_rollup_batch WHERE id = old.batch_id)
BEGIN
    DELETE FROM cost_rollup WHERE batch_id = old.batch_id;
    DELETE FROM cost_rollup_batch WHERE id = old.batch_id;
END;
