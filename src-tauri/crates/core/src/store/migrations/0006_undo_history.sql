-- Quartermaster schema 6: undo, redo and the readable history. Every user action is one
-- step; triggers created when the file is opened (store/capture.rs) keep each row a step
-- wrote, as whole-row JSON before and after, so the step can be undone and redone exactly.
-- The audit log points at the step that wrote it and also records undo and redo.

-- One user action. `state`: 'open' only inside its own transaction, 'done' (on the undo
-- stack), 'undone' (on the redo stack) or 'dropped' (a new action cleared the redo stack;
-- its rows are gone, the label stays for the history). `refusal` says why it cannot be
-- undone; `batch_id` is the import whose bulk lines it wrote (undone by batch, never redone).
CREATE TABLE undo_step (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'undone', 'dropped')),
    at TEXT,
    refusal TEXT,
    bulk INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1)),
    batch_id INTEGER,
    created_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX undo_step_state ON undo_step(state, id);

-- One row a step wrote, in the order it was written: the whole row before and after as JSON
-- (NULL before an insert and after a delete).
CREATE TABLE undo_row (
    id INTEGER PRIMARY KEY,
    step_id INTEGER NOT NULL REFERENCES undo_step(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;
CREATE INDEX undo_row_step ON undo_row(step_id);

-- The audit log, rebuilt to name its step and to record redo as well as undo.
CREATE TABLE change_new (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'undo', 'redo')),
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    at TEXT NOT NULL,
    step_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
INSERT INTO change_new (id, entity, entity_id, action, before, after, at, created_at, updated_at)
    SELECT id, entity, entity_id, action, before, after, at, created_at, updated_at FROM change;
DROP TABLE change;
ALTER TABLE change_new RENAME TO change;
CREATE INDEX change_entity ON change(entity, entity_id);
CREATE INDEX change_step ON change(step_id);
CREATE INDEX change_at ON change(at);
