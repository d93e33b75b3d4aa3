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
-- expect:
-- {"index":0,"kind":"drop_table","line":1,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[{"name":"crm.notes","access":"ddl"},{"name":"public.orders","access":"ddl"}],"targets":["crm.notes","public.orders"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":1,"kind":"drop_schema","line":2,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":["crm"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":2,"kind":"drop_view","line":3,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[{"name":"public.customer_emails","access":"ddl"}],"targets":["public.customer_emails"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":3,"kind":"drop_column","line":4,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":["public.customers.email"],"usage":{},"tables":[{"name":"public.customers","access":"ddl"}],"targets":["public.customers"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":4,"kind":"alter_table","line":5,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":["public.customers.Zip Code"],"usage":{},"tables":[{"name":"public.customers","access":"ddl"}],"targets":["public.customers"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":5,"kind":"alter_table","line":6,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[{"name":"public.customers","access":"ddl"}],"targets":["public.customers"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":6,"kind":"truncate","line":7,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[{"name":"public.orders","access":"write,ddl"}],"targets":["public.orders"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":7,"kind":"grant","line":8,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[{"name":"public.customers","access":"ddl"}],"targets":["public.customers"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":8,"kind":"create_view","line":9,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":["public.customers.email"],"writes":[],"usage":{"public.customers.email":"projected"},"tables":[{"name":"public.customers","access":"read"},{"name":"public.v","access":"ddl"}],"targets":["public.v"],"outputs":[{"name":"email","derivation":"direct","sources":["public.customers.email"]}],"functions":[],"unresolved":[]}
-- {"index":9,"kind":"create_function","line":10,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":["public.customers.email","public.customers.id"],"writes":[],"usage":{"public.customers.email":"projected","public.customers.id":"filtered"},"tables":[{"name":"public.customers","access":"read"}],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":10,"kind":"select","enclosing":9,"line":10,"column":63,"has_where":true,"has_limit":false,"opaque":false,"server_io":false,"reads":["public.customers.email","public.customers.id"],"writes":[],"usage":{"public.customers.email":"projected","public.customers.id":"filtered"},"tables":[{"name":"public.customers","access":"read"}],"targets":[],"outputs":[{"name":"email","derivation":"direct","sources":["public.customers.email"]}],"functions":[],"unresolved":[]}
-- {"index":11,"kind":"create_function","line":11,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":["public.orders.placed"],"writes":[],"usage":{"public.orders.placed":"filtered"},"tables":[{"name":"crm.notes","access":"write,ddl"},{"name":"public.orders","access":"write"}],"targets":["crm.notes","public.orders"],"outputs":[],"functions":["now","pg_read_file"],"unresolved":[]}
-- {"index":12,"kind":"delete","enclosing":11,"line":13,"column":3,"has_where":true,"has_limit":false,"opaque":false,"server_io":false,"reads":["public.orders.placed"],"writes":[],"usage":{"public.orders.placed":"filtered"},"tables":[{"name":"public.orders","access":"write"}],"targets":["public.orders"],"outputs":[],"functions":["now"],"unresolved":[]}
-- {"index":13,"kind":"truncate","enclosing":11,"line":14,"column":12,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[{"name":"crm.notes","access":"write,ddl"}],"targets":["crm.notes"],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":14,"kind":"select","enclosing":11,"line":11,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[{"name":"pg_read_file","derivation":"transformed","sources":[]}],"functions":["pg_read_file"],"unresolved":[]}
-- {"index":15,"kind":"do","line":17,"column":1,"has_where":false,"has_limit":false,"opaque":true,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":16,"kind":"do","line":18,"column":1,"has_where":false,"has_limit":false,"opaque":true,"server_io":false,"reads":["public.customers.id","public.customers.name"],"writes":["public.customers.name"],"write_sources":{"public.customers.name":["public.customers.name"]},"usage":{"public.customers.id":"filtered","public.customers.name":"other"},"tables":[{"name":"public.customers","access":"write"}],"targets":["public.customers"],"outputs":[],"functions":["upper"],"unresolved":[]}
-- {"index":17,"kind":"update","enclosing":16,"line":18,"column":13,"has_where":true,"has_limit":false,"opaque":false,"server_io":false,"reads":["public.customers.id","public.customers.name"],"writes":["public.customers.name"],"write_sources":{"public.customers.name":["public.customers.name"]},"usage":{"public.customers.id":"filtered","public.customers.name":"other"},"tables":[{"name":"public.customers","access":"write"}],"targets":["public.customers"],"outputs":[],"functions":["upper"],"unresolved":[]}
-- {"index":18,"kind":"prepare","line":19,"column":1,"has_where":false,"has_limit":false,"opaque":true,"server_io":false,"reads":["public.customers.email","public.customers.id"],"writes":[],"usage":{"public.customers.email":"projected","public.customers.id":"filtered"},"tables":[{"name":"public.customers","access":"read"}],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":19,"kind":"execute","line":20,"column":1,"has_where":false,"has_limit":false,"opaque":true,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":20,"kind":"call","line":21,"column":1,"has_where":false,"has_limit":false,"opaque":true,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[],"functions":["refresh_all"],"unresolved":[]}
-- {"index":21,"kind":"select","line":22,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[{"name":"lo_import","derivation":"transformed","sources":[]},{"name":"pg_read_binary_file","derivation":"transformed","sources":[]},{"name":"extract","derivation":"transformed","sources":[]}],"functions":["extract","lo_import","now","pg_catalog.pg_read_binary_file"],"unresolved":[]}
-- {"index":22,"kind":"transaction","line":23,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":23,"kind":"set","line":24,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
-- {"index":24,"kind":"error","error":"syntax error at or near \"WHERE\"","line":25,"column":13}
-- {"index":25,"kind":"show","line":26,"column":1,"has_where":false,"has_limit":false,"opaque":false,"server_io":false,"reads":[],"writes":[],"usage":{},"tables":[],"targets":[],"outputs":[],"functions":[],"unresolved":[]}
