-- Each feature's place in its layer file: lists "in data order" (a report's
-- mentions, the gazetteer) follow the curators' order, never the table's.
-- A store from before this migration takes its insertion order until the
-- next import writes the data folder's.
ALTER TABLE features ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE features SET position = rowid;

-- Box queries run on the in-memory read model; nothing reads this R-tree.
DROP TABLE features_rtree;
