-- A story's history: one row per change, through the API (`changed_by` the
-- account) or an import (`import`), in the transaction that made it, as
-- `feature_history` keeps for features. `before`
-- and `after` are the story's canonical file text (`Story::to_file_text`);
-- `before` is NULL for a creation, `after` for a deletion. A story deleted and
-- created again continues its revisions.
CREATE TABLE story_history (
    story_id   TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    before     TEXT,
    after      TEXT,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    PRIMARY KEY (story_id, revision)
);
