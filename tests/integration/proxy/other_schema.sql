-- A second schema whose `customers` holds nothing tagged: the same text
-- resolves to different tables under different search_paths.
CREATE SCHEMA other;
CREATE TABLE other.customers (id int, email text);
