-- Quartermaster schema 4: hiring beyond schema 1. Dimensions and interview loops per
-- requisition, drafts that keep evidence typed before a rating, amendments of submitted
-- scorecards (guarded by triggers), and erased candidates kept only as anonymous shells.

-- The dimensions a requisition's panel scores, in order, each optionally with its own
-- "what good looks like". A requisition without rows uses every dimension.
CREATE TABLE requisition_dimension (
    id INTEGER PRIMARY KEY,
    requisition_id INTEGER NOT NULL REFERENCES requisition(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE RESTRICT,
    good_looks_like TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (requisition_id, dimension_id)
) STRICT;

-- The interview loop of a requisition: one exercise per step with its focus dimensions.
-- Interviews booked from a step copy its exercise and focus.
CREATE TABLE loop_step (
    id INTEGER PRIMARY KEY,
    requisition_id INTEGER NOT NULL REFERENCES requisition(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL CHECK (length(trim(exercise)) > 0),
    focus TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(focus)),
    minutes INTEGER NOT NULL DEFAULT 60 CHECK (minutes BETWEEN 5 AND 480),
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX loop_step_requisition ON loop_step(requisition_id);

-- Evidence a panelist typed in a draft for a dimension not rated yet (a rating row needs a score).
CREATE TABLE draft_evidence (
    id INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES scorecard(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE CASCADE,
    evidence TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (scorecard_id, dimension_id)
) STRICT;

-- Why and when a submitted scorecard was amended; the card before and after is in `change`.
-- `applied` is 0 only inside the amending transaction: while it is, the triggers below let
-- that one card change.
CREATE TABLE scorecard_amendment (
    id INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES scorecard(id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    amended_at TEXT NOT NULL,
    applied INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX scorecard_amendment_card ON scorecard_amendment(scorecard_id);

-- A submitted scorecard and its ratings change only through an amendment. Deleting the
-- interview (or the candidate) still removes them: cascaded deletes find the parent gone.
CREATE TRIGGER scorecard_submitted_update BEFORE UPDATE ON scorecard
WHEN OLD.submitted_at IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM scorecard_amendment WHERE scorecard_id = OLD.id AND applied = 0)
BEGIN
    SELECT RAISE(ABORT, 'a submitted scorecard changes only through an amendment');
END;

CREATE TRIGGER scorecard_submitted_delete BEFORE DELETE ON scorecard
WHEN OLD.submitted_at IS NOT NULL
 AND EXISTS (SELECT 1 FROM interview WHERE id = OLD.interview_id)
BEGIN
    SELECT RAISE(ABORT, 'a submitted scorecard cannot be deleted; amend it instead');
END;

CREATE TRIGGER rating_submitted_update BEFORE UPDATE ON rating
WHEN EXISTS (SELECT 1 FROM scorecard WHERE id = OLD.scorecard_id AND submitted_at IS NOT NULL)
 AND NOT EXISTS (SELECT 1 FROM scorecard_amendment WHERE scorecard_id = OLD.scorecard_id AND applied = 0)
BEGIN
    SELECT RAISE(ABORT, 'a submitted scorecard changes only through an amendment');
END;

CREATE TRIGGER rating_submitted_delete BEFORE DELETE ON rating
WHEN EXISTS (SELECT 1 FROM scorecard WHERE id = OLD.scorecard_id AND submitted_at IS NOT NULL)
 AND NOT EXISTS (SELECT 1 FROM scorecard_amendment WHERE scorecard_id = OLD.scorecard_id AND applied = 0)
BEGIN
    SELECT RAISE(ABORT, 'a submitted scorecard changes only through an amendment');
END;

-- Candidates whose personal data was erased (id = the candidate's id). The candidate row
-- stays as a nameless shell with its requisition, stage and stage dates, so counts, the
-- funnel and time-to-fill stay right.
CREATE TABLE candidate_erasure (
    id INTEGER PRIMARY KEY REFERENCES candidate(id) ON DELETE CASCADE,
    erased_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
