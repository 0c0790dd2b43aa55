-- Corridor Atlas on PostgreSQL with PostGIS: the schema SQLite's migrations
-- (server/migrations/) arrive at, in one step. Texts that are ordered or
-- compared as keys use the "C" collation, so lists come out in the same
-- byte order as SQLite's.
--
-- PostGIS is not a trusted extension: a database whose owner is not a
-- superuser needs `CREATE EXTENSION postgis` run once by one.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Text search as FTS5's `unicode61 remove_diacritics 2` does it: no stemming,
-- no stop words, accents folded, so "Constanta" finds "Constanța".
CREATE TEXT SEARCH CONFIGURATION atlas (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION atlas
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE collections (
    id          TEXT COLLATE "C" PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    BIGINT NOT NULL
);

-- Geometry and properties are kept as the JSON text they came in as, and
-- `document` as the API serves it; `shape` is the same geometry for PostGIS
-- (a GiST index answers box queries), `search` the weighted words of the
-- name (A), aliases (B) and kind's label (C).
CREATE TABLE features (
    id            TEXT COLLATE "C" PRIMARY KEY,
    collection_id TEXT COLLATE "C" NOT NULL REFERENCES collections (id),
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    properties    TEXT NOT NULL,
    geometry      TEXT NOT NULL,
    min_lon       DOUBLE PRECISION NOT NULL,
    min_lat       DOUBLE PRECISION NOT NULL,
    max_lon       DOUBLE PRECISION NOT NULL,
    max_lat       DOUBLE PRECISION NOT NULL,
    opened        BIGINT,
    revision      BIGINT NOT NULL,
    updated_at    TEXT NOT NULL,
    document      TEXT NOT NULL,
    position      BIGINT NOT NULL,
    aliases       TEXT NOT NULL,
    kind_label    TEXT NOT NULL,
    shape         geometry(Geometry, 4326) GENERATED ALWAYS AS
                      (ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)) STORED,
    search        tsvector GENERATED ALWAYS AS (
                      setweight(to_tsvector('atlas', name), 'A')
                      || setweight(to_tsvector('atlas', aliases), 'B')
                      || setweight(to_tsvector('atlas', kind_label), 'C')) STORED
);

CREATE INDEX features_by_collection ON features (collection_id, id);
CREATE INDEX features_by_shape ON features USING gist (shape);
CREATE INDEX features_by_words ON features USING gin (search);

-- History outlives the features it describes: no foreign key.
CREATE TABLE feature_history (
    feature_id    TEXT COLLATE "C" NOT NULL,
    revision      BIGINT NOT NULL,
    collection_id TEXT COLLATE "C",
    before        TEXT,
    after         TEXT,
    changed_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    restored_from BIGINT,
    PRIMARY KEY (feature_id, revision)
);

CREATE INDEX feature_history_by_collection ON feature_history (collection_id, feature_id);

CREATE TABLE reports (
    id       TEXT COLLATE "C" PRIMARY KEY,
    meta     TEXT NOT NULL,
    position BIGINT NOT NULL,
    source   TEXT
);

-- `search`: the passage's own words (A), its heading (B), its report's title (C).
CREATE TABLE passages (
    report_id    TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    id           TEXT COLLATE "C" NOT NULL,
    position     BIGINT NOT NULL,
    section      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    report_title TEXT NOT NULL,
    search       tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('atlas', text), 'A')
                     || setweight(to_tsvector('atlas', section), 'B')
                     || setweight(to_tsvector('atlas', report_title), 'C')) STORED,
    PRIMARY KEY (report_id, id)
);

CREATE INDEX passages_by_words ON passages USING gin (search);

CREATE TABLE passage_links (
    feature_id TEXT COLLATE "C" NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    report_id  TEXT COLLATE "C" NOT NULL,
    passage_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (feature_id, report_id, passage_id),
    FOREIGN KEY (report_id, passage_id) REFERENCES passages (report_id, id) ON DELETE CASCADE
);

CREATE INDEX passage_links_by_passage ON passage_links (report_id, passage_id);

-- How many changes the store has seen, and what each changed, as SQLite
-- keeps them; a change also sends `NOTIFY atlas_changes` with its generation,
-- so servers in other processes look at once rather than on their next poll.
CREATE TABLE store_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);

INSERT INTO store_generation (id, generation) VALUES (1, 0);

CREATE TABLE change_marks (
    kind       TEXT NOT NULL CHECK (kind IN ('collection', 'feature', 'reports', 'story')),
    id         TEXT COLLATE "C" NOT NULL,
    generation BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE INDEX change_marks_by_generation ON change_marks (generation);

-- Accounts: a name is unique without regard to case; the password is kept
-- only as an argon2id PHC string.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT COLLATE "C" NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE UNIQUE INDEX users_by_name ON users (lower(name));

-- A session is found by the SHA-256 of its cookie's token. Times are Unix seconds.
CREATE TABLE sessions (
    token_hash BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE stories (
    id         TEXT COLLATE "C" PRIMARY KEY,
    position   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE story_history (
    story_id   TEXT COLLATE "C" NOT NULL,
    revision   BIGINT NOT NULL,
    before     TEXT,
    after      TEXT,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    PRIMARY KEY (story_id, revision)
);
