-- A spatial index for bbox queries: an R-tree over each feature's box, keyed by
-- the feature's rowid. Every import empties and refills it in the same
-- transaction as the features. The R-tree stores 32-bit floats rounded outwards,
-- so it may offer a few extra candidates; queries keep the exact test on the
-- REAL columns of `features`, and results stay exact.
CREATE VIRTUAL TABLE features_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);

INSERT INTO features_rtree (id, min_lon, max_lon, min_lat, max_lat)
SELECT rowid, min_lon, max_lon, min_lat, max_lat FROM features;

-- How many imports the store has seen. A running server polls it to learn of
-- imports by another process (`atlas import`) and drops its cached answers.
CREATE TABLE store_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);

INSERT INTO store_generation (id, generation) VALUES (1, 0);
