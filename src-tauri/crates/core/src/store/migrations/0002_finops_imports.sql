-- Quartermaster schema 2: what FOCUS and usage imports need beyond schema 1.
-- Warnings kept per import; spend pre-aggregated per import so reports never scan every
-- cost line; usage rows linked to the import that wrote them so an undo can restore them.

-- Values an import had to interpret (a bare NULL, a timestamp without zone…): counted per
-- column and reason, with the first few examples as JSON [{"line": 2, "value": "NULL"}].
CREATE TABLE import_warning (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    column_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    examples TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(examples)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX import_warning_batch ON import_warning(batch_id);

CREATE INDEX import_batch_sha256 ON import_batch(sha256);

-- Partial sums of one import's cost lines by billing month and the columns allocation rules
-- look at. Exact decimal text; several rows may share a key (sums are added when read).
CREATE TABLE cost_rollup (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    billing_currency TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    service_name TEXT NOT NULL,
    service_category TEXT NOT NULL,
    sub_account_id TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    tags TEXT NOT NULL CHECK (json_valid(tags)),
    billed_cost TEXT NOT NULL,
    effective_cost TEXT NOT NULL,
    line_count INTEGER NOT NULL CHECK (line_count > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX cost_rollup_by_batch ON cost_rollup(batch_id);

-- Marks a batch whose cost_rollup rows are complete and current (id = the batch id).
-- Batches without a mark (demo rows, lines edited by hand) are aggregated from cost_line.
CREATE TABLE cost_rollup_batch (
    id INTEGER PRIMARY KEY REFERENCES import_batch(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Any change to a rolled-up batch's lines makes its rollup stale: drop it, so reports fall
-- back to the lines themselves and can never disagree with them.
CREATE TRIGGER cost_line_insert_stales_rollup AFTER INSERT ON cost_line
WHEN EXISTS (SELECT 1 FROM cost_rollup_batch WHERE id = new.batch_id)
BEGIN
    DELETE FROM cost_rollup WHERE batch_id = new.batch_id;
    DELETE FROM cost_rollup_batch WHERE id = new.batch_id;
END;

CREATE TRIGGER cost_line_update_stales_rollup AFTER UPDATE ON cost_line
WHEN EXISTS (SELECT 1 FROM cost_rollup_batch WHERE id IN (old.batch_id, new.batch_id))
BEGIN
    DELETE FROM cost_rollup WHERE batch_id IN (old.batch_id, new.batch_id);
    DELETE FROM cost_rollup_batch WHERE id IN (old.batch_id, new.batch_id);
END;

CREATE TRIGGER cost_line_delete_stales_rollup AFTER DELETE ON cost_line
WHEN EXISTS (SELECT 1 FROM cost_rollup_batch WHERE id = old.batch_id)
BEGIN
    DELETE FROM cost_rollup WHERE batch_id = old.batch_id;
    DELETE FROM cost_rollup_batch WHERE id = old.batch_id;
END;

-- The import that wrote a usage row (NULL: typed in or generated).
ALTER TABLE usage ADD COLUMN batch_id INTEGER REFERENCES import_batch(id) ON DELETE SET NULL;

-- Usage rows an import overwrote, restored when that import is undone.
CREATE TABLE usage_replaced (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    previous_batch_id INTEGER REFERENCES import_batch(id) ON DELETE SET NULL,
    model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    inferences INTEGER NOT NULL,
    training_runs INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX usage_replaced_batch ON usage_replaced(batch_id);
CREATE INDEX usage_batch ON usage(batch_id);
