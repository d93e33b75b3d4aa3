-- catalog: ../shop.sql
DROP TABLE IF EXISTS orders, crm.notes;
DROP SCHEMA crm CASCADE;
DROP VIEW customer_emails;
ALTER TABLE customers DROP COLUMN email;
ALTER TABLE customers ADD COLUMN phone text, DROP COLUMN "Zip Code";
ALTER TABLE customers RENAME TO clients;
TRUNCATE orders;
GRANT SELECT ON customers TO analyst;
CREATE VIEW v AS SELECT email FROM customers;
CREATE FUNCTION lookup(cid int) RETURNS text LANGUAGE sql AS 'SELECT email FROM customers WHERE id = cid';
CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM orders WHERE placed < now() - interval '1 year';
  EXECUTE 'TRUNCATE crm.notes';
  PERFORM pg_read_file('/etc/passwd');
END $$;
DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'orders'); END $$;
DO $$ BEGIN UPDATE customers SET name = upper(name) WHERE id = 1; END $$;
PREPARE q(int) AS SELECT email FROM customers WHERE id = $1;
EXECUTE q(1);
CALL refresh_all();
SELECT lo_import('/etc/passwd'), pg_catalog.pg_read_binary_file('x'), EXTRACT(year FROM now());
BEGIN;
SET ROLE admin;
SELECT FROM WHERE;
SHOW search_path;
