-- Quartermaster schema 3: quarterly planning. How ramp-up is modelled, which new seats
-- backfill leavers, what-if scenarios as changes on top of the plan, and snapshots that
-- cannot change once a quarter is committed.

-- How a new hire's productivity grows over their position's ramp_months (one row, id 1;
-- absent means the defaults: linear from 0 % to 100 %).
CREATE TABLE capacity_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ramp_curve TEXT NOT NULL DEFAULT 'linear' CHECK (ramp_curve IN ('linear', 'step')),
    ramp_step_percent INTEGER NOT NULL DEFAULT 50 CHECK (ramp_step_percent BETWEEN 0 AND 100),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- A new seat (open, planned or filled) that replaces a leaver's seat, for the finance view.
CREATE TABLE backfill (
    id INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL UNIQUE REFERENCES position(id) ON DELETE CASCADE,
    replaces_id INTEGER NOT NULL UNIQUE REFERENCES position(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (position_id <> replaces_id)
) STRICT;

-- A named what-if: a set of changes read on top of the plan. The plan tables are never
-- written until the scenario is promoted.
CREATE TABLE scenario (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- An initiative moved (team, quarter) or resized (effort) in a scenario.
CREATE TABLE scenario_initiative (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
    initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
    quarter TEXT NOT NULL,
    effort_pw REAL NOT NULL CHECK (effort_pw >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (scenario_id, initiative_id)
) STRICT;

-- A plan seat whose dates a scenario shifts, or which it removes.
CREATE TABLE scenario_seat_change (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
    position_id INTEGER NOT NULL REFERENCES position(id) ON DELETE CASCADE,
    start_date TEXT,
    end_date TEXT CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (scenario_id, position_id)
) STRICT;

-- A seat a scenario adds: the whole position as JSON (the same fields as `position`).
CREATE TABLE scenario_new_seat (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
    seat TEXT NOT NULL CHECK (json_valid(seat)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX scenario_new_seat_scenario ON scenario_new_seat(scenario_id);

-- Snapshots are immutable. A snapshot and its items are written in the one instant a quarter
-- is committed (items must share the snapshot's created_at); afterwards only an item's outcome
-- may be recorded, once, and links may only be cleared when the initiative or team is deleted.
CREATE TRIGGER quarter_snapshot_immutable BEFORE UPDATE ON quarter_snapshot
WHEN new.quarter IS NOT old.quarter OR new.frozen_at IS NOT old.frozen_at
    OR new.created_at IS NOT old.created_at
BEGIN
    SELECT RAISE(ABORT, 'snapshot is immutable: a committed quarter cannot be changed');
END;

CREATE TRIGGER quarter_snapshot_undeletable BEFORE DELETE ON quarter_snapshot
BEGIN
    SELECT RAISE(ABORT, 'snapshot is immutable: a committed quarter cannot be deleted');
END;

CREATE TRIGGER snapshot_item_written_at_freeze BEFORE INSERT ON snapshot_item
WHEN new.created_at IS NOT (SELECT created_at FROM quarter_snapshot WHERE id = new.snapshot_id)
BEGIN
    SELECT RAISE(ABORT, 'snapshot is immutable: items cannot be added after the quarter was committed');
END;

CREATE TRIGGER snapshot_item_immutable BEFORE UPDATE ON snapshot_item
WHEN new.snapshot_id IS NOT old.snapshot_id
    OR new.title IS NOT old.title
    OR new.effort_pw IS NOT old.effort_pw
    OR new.created_at IS NOT old.created_at
    OR (new.initiative_id IS NOT old.initiative_id AND new.initiative_id IS NOT NULL)
    OR (new.team_id IS NOT old.team_id AND new.team_id IS NOT NULL)
    OR (old.outcome IS NOT NULL AND new.outcome IS NOT old.outcome)
BEGIN
    SELECT RAISE(ABORT, 'snapshot is immutable: only an outcome not yet recorded can be set');
END;

CREATE TRIGGER snapshot_item_undeletable BEFORE DELETE ON snapshot_item
BEGIN
    SELECT RAISE(ABORT, 'snapshot is immutable: a committed item cannot be deleted');
END;
