-- (catalog helper for the hand-written golden tests)
CREATE TABLE customers (id int, email text, name text, "Zip Code" text, created date);
CREATE TABLE orders (id int, customer_id int, total numeric, placed date);
CREATE SCHEMA crm;
CREATE TABLE crm.notes (id int, customer_id int, body text);
CREATE VIEW customer_emails AS SELECT c.id, lower(c.email) AS email FROM customers c WHERE c.name IS NOT NULL;
COMMENT ON COLUMN customers.email IS 'govern:tags=pii.email';
