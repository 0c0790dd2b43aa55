-- Full-text search over passages and features (FTS5), refilled by every import
-- in the same transaction as the rows they index.
-- `remove_diacritics 2` lets "Constanta" find "Constanța"; the tokenizer splits
-- on dashes, so "Baku-Tbilisi" is the two words "baku" and "tbilisi".

CREATE VIRTUAL TABLE passages_fts USING fts5 (
    text,
    section,
    report_title,
    report_id UNINDEXED,
    passage_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE features_fts USING fts5 (
    name,
    aliases,
    kind_label,
    feature_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Index what a store seeded before this migration already holds; later imports
-- refill both tables themselves. Kind labels as `FeatureKind::label` writes them.
INSERT INTO passages_fts (text, section, report_title, report_id, passage_id)
SELECT p.text, p.section, json_extract(r.meta, '$.title'), p.report_id, p.id
FROM passages p JOIN reports r ON r.id = p.report_id;

INSERT INTO features_fts (name, aliases, kind_label, feature_id)
SELECT f.name,
       COALESCE((SELECT group_concat(a.value, '; ') FROM json_each(f.properties, '$.aliases') a), ''),
       CASE f.kind
           WHEN 'rail' THEN 'Railway'
           WHEN 'road' THEN 'Road'
           WHEN 'ferry' THEN 'Ferry crossing'
           WHEN 'pipeline' THEN 'Pipeline'
           WHEN 'port' THEN 'Port'
           WHEN 'free_economic_zone' THEN 'Free economic zone'
           WHEN 'solar' THEN 'Solar plant'
           WHEN 'wind' THEN 'Wind farm'
           WHEN 'hydro' THEN 'Hydropower'
           WHEN 'terminal' THEN 'Terminal'
           WHEN 'hub' THEN 'Logistics hub'
           WHEN 'border_crossing' THEN 'Border crossing'
           WHEN 'capital' THEN 'Capital'
           WHEN 'city' THEN 'City'
           ELSE f.kind
       END,
       f.id
FROM features f;
