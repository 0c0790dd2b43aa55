-- Stories: one row per `data/stories/*.json`, in file order (`position`).
-- `text` is the story in its file's canonical form (`Story::to_file_text`),
-- so what is read back and exported is the file, byte for byte. `revision`
-- and `updated_at` belong to the server, as for features: an import that
-- leaves a story's text as it was keeps both.
CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- Change marks name stories too, so a server in another process drops the
-- answers of the stories an import changed.
CREATE TABLE change_marks_v2 (
    kind       TEXT NOT NULL CHECK (kind IN ('collection', 'feature', 'reports', 'story')),
    id         TEXT NOT NULL,
    generation INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
);

INSERT INTO change_marks_v2 (kind, id, generation)
SELECT kind, id, generation FROM change_marks;

DROP TABLE change_marks;
ALTER TABLE change_marks_v2 RENAME TO change_marks;

CREATE INDEX change_marks_by_generation ON change_marks (generation);
