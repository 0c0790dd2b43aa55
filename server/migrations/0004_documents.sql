-- Each feature as the API hands it out (GeoJSON, with its revision and
-- updated_at), serialized once by the import: a page of items is then these
-- texts joined, not a parse and a serialization of every feature per request.
-- Stores imported before this migration get theirs from `store::open`.
ALTER TABLE features ADD COLUMN document TEXT;

-- Box queries go through the R-tree (0003); this index only slowed imports.
DROP INDEX features_by_bbox;
