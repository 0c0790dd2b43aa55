-- Editing through the API: each history row names the collection the
-- feature was in (so deleted features can be listed per collection and
-- restored where they were), and a restore names the revision it brought
-- back. Rows from before keep the collection their feature is in now; a
-- feature deleted before this migration has none and is listed nowhere.
ALTER TABLE feature_history ADD COLUMN collection_id TEXT;
ALTER TABLE feature_history ADD COLUMN restored_from INTEGER;

UPDATE feature_history SET collection_id = (
    SELECT f.collection_id FROM features f WHERE f.id = feature_history.feature_id
);

CREATE INDEX feature_history_by_collection ON feature_history (collection_id, feature_id);
