-- Guided import: the column and value mapping last used for a source, found again by a
-- fingerprint of its kind and headers when a file with the same columns arrives.
CREATE TABLE import_mapping (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    -- The file's column names (JSON array), to show which source a mapping is for.
    headers TEXT NOT NULL,
    -- The mapping itself (JSON: columns, constants, units, values, teams to create).
    mapping TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, fingerprint)
) STRICT;
