-- Each report's Markdown file as it was imported, so that `atlas export`
-- writes it back byte for byte. NULL for reports imported before this
-- migration: the next `atlas import` fills it.
ALTER TABLE reports ADD COLUMN source TEXT;
