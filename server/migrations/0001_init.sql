-- Corridor Atlas store: the curated data of data/ as imported, plus history.
-- Geometry and properties are kept as JSON text: the server hands them out as
-- they came in, and the bbox columns are what spatial filters run on.

CREATE TABLE collections (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL
);

CREATE TABLE features (
    id            TEXT PRIMARY KEY NOT NULL,
    collection_id TEXT NOT NULL REFERENCES collections (id),
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    name          TEXT NOT NULL,
    properties    TEXT NOT NULL,
    geometry      TEXT NOT NULL,
    min_lon       REAL NOT NULL,
    min_lat       REAL NOT NULL,
    max_lon       REAL NOT NULL,
    max_lat       REAL NOT NULL,
    opened        INTEGER,
    revision      INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE INDEX features_by_collection ON features (collection_id, id);
CREATE INDEX features_by_bbox ON features (min_lon, max_lon, min_lat, max_lat);

-- No foreign key to features: history outlives the features it describes.
CREATE TABLE feature_history (
    feature_id TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    properties TEXT NOT NULL,
    geometry   TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    change     TEXT NOT NULL,
    PRIMARY KEY (feature_id, revision)
);

CREATE TABLE reports (
    id       TEXT PRIMARY KEY NOT NULL,
    meta     TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE passages (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    id        TEXT NOT NULL,
    position  INTEGER NOT NULL,
    section   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (report_id, id)
);

CREATE TABLE passage_links (
    feature_id TEXT NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    report_id  TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    PRIMARY KEY (feature_id, report_id, passage_id),
    FOREIGN KEY (report_id, passage_id) REFERENCES passages (report_id, id) ON DELETE CASCADE
);

CREATE INDEX passage_links_by_passage ON passage_links (report_id, passage_id);
