-- History rows hold a feature before and after each change, and who made it:
-- `before` is NULL for a creation, `after` NULL for a deletion; both are the
-- feature's curated GeoJSON (properties and geometry, no server fields).
CREATE TABLE feature_history_v2 (
    feature_id TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    before     TEXT,
    after      TEXT,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    PRIMARY KEY (feature_id, revision)
);

-- The old rows recorded the content after each change (and, for a deletion,
-- the last content); the content before is the previous row's.
INSERT INTO feature_history_v2 (feature_id, revision, before, after, changed_at, changed_by)
SELECT h.feature_id,
       h.revision,
       CASE h.change
           WHEN 'create' THEN NULL
           WHEN 'delete' THEN json_object('type', 'Feature', 'id', h.feature_id,
               'geometry', json(h.geometry), 'properties', json(h.properties))
           ELSE (SELECT json_object('type', 'Feature', 'id', p.feature_id,
                     'geometry', json(p.geometry), 'properties', json(p.properties))
                 FROM feature_history p
                 WHERE p.feature_id = h.feature_id AND p.revision < h.revision
                 ORDER BY p.revision DESC LIMIT 1)
       END,
       CASE h.change
           WHEN 'delete' THEN NULL
           ELSE json_object('type', 'Feature', 'id', h.feature_id,
               'geometry', json(h.geometry), 'properties', json(h.properties))
       END,
       h.changed_at,
       'import'
FROM feature_history h;

DROP TABLE feature_history;
ALTER TABLE feature_history_v2 RENAME TO feature_history;

-- What each generation of the store changed, so a server in another process
-- can tell its subscribers which collections, features and reports to drop:
-- one row per thing, marked with the last generation that changed it.
CREATE TABLE change_marks (
    kind       TEXT NOT NULL CHECK (kind IN ('collection', 'feature', 'reports')),
    id         TEXT NOT NULL,
    generation INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE INDEX change_marks_by_generation ON change_marks (generation);

-- Served documents carry the server's revision and updated_at beside the
-- properties now, not inside them.
UPDATE features SET document = json_set(
    json_remove(document, '$.properties.revision', '$.properties.updated_at'),
    '$.revision', revision,
    '$.updated_at', updated_at
);
