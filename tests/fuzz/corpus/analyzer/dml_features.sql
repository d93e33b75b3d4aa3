-- catalog: ../shop.sql
INSERT INTO orders (id, customer_id) SELECT id, id FROM customers WHERE created > now() RETURNING id, total;
INSERT INTO customers VALUES (1, 'x', 'y', 'z', now()) ON CONFLICT (id) DO UPDATE SET email = excluded.email;
UPDATE orders SET total = total * 2 FROM customers c WHERE c.id = orders.customer_id AND c.email LIKE '%@x';
UPDATE orders SET total = 0;
DELETE FROM orders USING customers WHERE customers.id = orders.customer_id RETURNING customers.email;
DELETE FROM orders WHERE 1 = 1;
WITH moved AS (DELETE FROM orders WHERE placed < '2020-01-01' RETURNING *) INSERT INTO crm.notes (id, body) SELECT id, total::text FROM moved;
MERGE INTO orders o USING customers c ON o.customer_id = c.id WHEN MATCHED AND c.name IS NULL THEN DELETE WHEN NOT MATCHED THEN INSERT (id, customer_id) VALUES (c.id, c.id);
COPY customers TO STDOUT;
COPY (SELECT email FROM customers WHERE id < 10) TO '/tmp/emails.csv';
COPY orders (id, total) FROM PROGRAM 'curl -s http://example/orders.csv';
CREATE TABLE emails AS SELECT email AS address FROM customers;
SELECT name INTO TEMP names FROM customers;
EXPLAIN ANALYZE DELETE FROM orders;
EXPLAIN SELECT email FROM customers;
