-- Quartermaster schema 1: every area of the organisation in one file.
-- Conventions: STRICT tables, id INTEGER PRIMARY KEY, created_at/updated_at as
-- ISO-8601 UTC text, dates as ISO-8601 text, money as integer minor units plus
-- a currency code (or exact decimal text for billing rows), foreign keys on.

CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    org_name TEXT NOT NULL CHECK (length(trim(org_name)) > 0),
    fiscal_year_start_month INTEGER NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    date_format TEXT NOT NULL DEFAULT 'iso' CHECK (date_format IN ('iso', 'dmy', 'mdy')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- org ------------------------------------------------------------------------

CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('applied', 'platform', 'data', 'sre')),
    domain TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES team(id) ON DELETE SET NULL,
    ktlo_percent INTEGER NOT NULL DEFAULT 20 CHECK (ktlo_percent BETWEEN 0 AND 100),
    leave_percent INTEGER NOT NULL DEFAULT 10 CHECK (leave_percent BETWEEN 0 AND 100),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE position (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE RESTRICT,
    role TEXT NOT NULL CHECK (length(trim(role)) > 0),
    level TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('planned', 'open', 'filled', 'leaving')),
    person TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    allocation_percent INTEGER NOT NULL DEFAULT 100 CHECK (allocation_percent BETWEEN 1 AND 100),
    loaded_cost_minor INTEGER NOT NULL DEFAULT 0 CHECK (loaded_cost_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    ramp_months INTEGER NOT NULL DEFAULT 3 CHECK (ramp_months BETWEEN 0 AND 24),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX position_team ON position(team_id);

-- portfolio ------------------------------------------------------------------

CREATE TABLE model (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    product_area TEXT NOT NULL DEFAULT '',
    owner_team_id INTEGER REFERENCES team(id) ON DELETE SET NULL,
    tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
    lifecycle TEXT NOT NULL CHECK (lifecycle IN ('idea', 'experiment', 'shadow', 'canary', 'production', 'deprecated', 'retired')),
    serving TEXT NOT NULL CHECK (serving IN ('online', 'batch', 'streaming')),
    business_kpi TEXT NOT NULL DEFAULT '',
    has_cicd INTEGER NOT NULL DEFAULT 0 CHECK (has_cicd IN (0, 1)),
    has_monitoring INTEGER NOT NULL DEFAULT 0 CHECK (has_monitoring IN (0, 1)),
    has_lineage INTEGER NOT NULL DEFAULT 0 CHECK (has_lineage IN (0, 1)),
    has_model_card INTEGER NOT NULL DEFAULT 0 CHECK (has_model_card IN (0, 1)),
    last_readiness_review TEXT,
    risk_level TEXT NOT NULL DEFAULT 'medium' CHECK (risk_level IN ('low', 'medium', 'high')),
    cost_tag TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- roadmap --------------------------------------------------------------------

CREATE TABLE initiative (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('feature', 'platform', 'reliability', 'governance', 'debt')),
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE RESTRICT,
    model_id INTEGER REFERENCES model(id) ON DELETE SET NULL,
    quarter TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'committed', 'in_progress', 'delivered', 'slipped', 'cancelled')),
    effort_pw REAL NOT NULL CHECK (effort_pw >= 0),
    outcome_metric TEXT NOT NULL DEFAULT '',
    releases_model INTEGER NOT NULL DEFAULT 0 CHECK (releases_model IN (0, 1)),
    rank INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX initiative_quarter ON initiative(quarter, team_id);

CREATE TABLE dependency (
    id INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    depends_on_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (initiative_id <> depends_on_id),
    UNIQUE (initiative_id, depends_on_id)
) STRICT;

-- The plan frozen at quarter start; rows never change once written.
CREATE TABLE quarter_snapshot (
    id INTEGER PRIMARY KEY,
    quarter TEXT NOT NULL UNIQUE,
    frozen_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE snapshot_item (
    id INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES quarter_snapshot(id) ON DELETE CASCADE,
    initiative_id INTEGER REFERENCES initiative(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    team_id INTEGER REFERENCES team(id) ON DELETE SET NULL,
    effort_pw REAL NOT NULL,
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('delivered', 'slipped', 'cancelled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- finops ---------------------------------------------------------------------

CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('focus', 'usage', 'demo')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL CHECK (row_count >= 0),
    warning_count INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- One billing charge, keeping the FOCUS columns that matter. Costs are exact decimal text.
CREATE TABLE cost_line (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    billed_cost TEXT NOT NULL,
    effective_cost TEXT NOT NULL,
    list_cost TEXT NOT NULL,
    billing_currency TEXT NOT NULL CHECK (length(billing_currency) = 3),
    charge_period_start TEXT NOT NULL,
    charge_period_end TEXT NOT NULL,
    billing_period_start TEXT NOT NULL,
    charge_category TEXT NOT NULL,
    provider_name TEXT NOT NULL DEFAULT '',
    service_name TEXT NOT NULL DEFAULT '',
    service_category TEXT NOT NULL DEFAULT '',
    sub_account_id TEXT NOT NULL DEFAULT '',
    resource_id TEXT NOT NULL DEFAULT '',
    resource_name TEXT NOT NULL DEFAULT '',
    region_id TEXT NOT NULL DEFAULT '',
    sku_id TEXT NOT NULL DEFAULT '',
    consumed_quantity TEXT,
    consumed_unit TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(tags)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX cost_line_batch ON cost_line(batch_id);
CREATE INDEX cost_line_period ON cost_line(billing_period_start);

CREATE TABLE allocation_rule (
    id INTEGER PRIMARY KEY,
    priority INTEGER NOT NULL,
    match_on TEXT NOT NULL CHECK (match_on IN ('tag', 'service', 'sub_account', 'resource')),
    tag_key TEXT NOT NULL DEFAULT '',
    pattern TEXT NOT NULL CHECK (length(pattern) > 0),
    model_id INTEGER REFERENCES model(id) ON DELETE SET NULL,
    team_id INTEGER REFERENCES team(id) ON DELETE SET NULL,
    category TEXT NOT NULL CHECK (category IN ('training', 'inference', 'storage', 'data', 'other')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE usage (
    id INTEGER PRIMARY KEY,
    model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    inferences INTEGER NOT NULL CHECK (inferences >= 0),
    training_runs INTEGER NOT NULL CHECK (training_runs >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (model_id, month)
) STRICT;

CREATE TABLE budget (
    id INTEGER PRIMARY KEY,
    quarter TEXT NOT NULL,
    team_id INTEGER REFERENCES team(id) ON DELETE CASCADE,
    category TEXT CHECK (category IS NULL OR category IN ('training', 'inference', 'storage', 'data', 'other')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- hiring ---------------------------------------------------------------------

CREATE TABLE dimension (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    good_looks_like TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE requisition (
    id INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL REFERENCES position(id) ON DELETE RESTRICT,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    hiring_manager TEXT NOT NULL DEFAULT '',
    opened_on TEXT NOT NULL,
    closed_on TEXT CHECK (closed_on IS NULL OR closed_on >= opened_on),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE candidate (
    id INTEGER PRIMARY KEY,
    requisition_id INTEGER NOT NULL REFERENCES requisition(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    source TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL CHECK (stage IN ('applied', 'screen', 'onsite', 'debrief', 'offer', 'hired', 'rejected', 'withdrawn')),
    applied_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE stage_change (
    id INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('applied', 'screen', 'onsite', 'debrief', 'offer', 'hired', 'rejected', 'withdrawn')),
    changed_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE interview (
    id INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
    interviewer TEXT NOT NULL CHECK (length(trim(interviewer)) > 0),
    exercise TEXT NOT NULL DEFAULT '',
    scheduled_on TEXT NOT NULL,
    focus TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(focus)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE scorecard (
    id INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL UNIQUE REFERENCES interview(id) ON DELETE CASCADE,
    recommendation TEXT CHECK (recommendation IS NULL OR recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    strong_signals TEXT NOT NULL DEFAULT '',
    red_flags TEXT NOT NULL DEFAULT '',
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE rating (
    id INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES scorecard(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE RESTRICT,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    evidence TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (scorecard_id, dimension_id)
) STRICT;

CREATE TABLE decision (
    id INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidate(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('hire', 'no_hire')),
    rationale TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    decided_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- kpi ------------------------------------------------------------------------

CREATE TABLE kpi (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    target REAL,
    warn REAL,
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly')),
    source TEXT NOT NULL CHECK (source IN ('manual', 'derived')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE kpi_value (
    id INTEGER PRIMARY KEY,
    kpi_id INTEGER NOT NULL REFERENCES kpi(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    value REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kpi_id, period)
) STRICT;

-- operations -----------------------------------------------------------------

CREATE TABLE incident (
    id INTEGER PRIMARY KEY,
    model_id INTEGER REFERENCES model(id) ON DELETE SET NULL,
    severity TEXT NOT NULL CHECK (severity IN ('sev1', 'sev2', 'sev3', 'sev4')),
    started_at TEXT NOT NULL,
    detected_at TEXT NOT NULL CHECK (detected_at >= started_at),
    mitigated_at TEXT CHECK (mitigated_at IS NULL OR mitigated_at >= detected_at),
    summary TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE risk (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    likelihood TEXT NOT NULL CHECK (likelihood IN ('low', 'medium', 'high')),
    owner TEXT NOT NULL DEFAULT '',
    mitigation TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigating', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- audit ----------------------------------------------------------------------

-- Every mutation, with the row before and after as JSON, for audit readiness.
CREATE TABLE change (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'undo')),
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX change_entity ON change(entity, entity_id);
