-- Short statements of the kind a proxy sees all day, against policies/catalog/schema.sql.
SELECT id, email FROM customers WHERE id = 42;
SELECT full_name, country FROM customers WHERE country = 'FR' LIMIT 50;
SELECT o.id, o.amount, o.status FROM orders o WHERE o.customer_id = 7 ORDER BY o.ordered_at DESC LIMIT 20;
SELECT c.email, sum(o.amount) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.email;
SELECT count(*) FROM orders WHERE status = 'paid';
SELECT * FROM customers WHERE id = 1;
SELECT id, phone FROM customer_contacts WHERE id = 3;
INSERT INTO orders (id, customer_id, amount, status) VALUES (1001, 7, 19.90, 'new');
UPDATE orders SET status = 'shipped' WHERE id = 1001;
UPDATE customers SET country = 'DE';
DELETE FROM orders WHERE id = 1001;
SELECT secret FROM api_keys WHERE customer_id = 7;
SELECT key_hash FROM api_keys WHERE id = 2;
SELECT lower(email) AS e FROM customers WHERE created_at > now() - interval '1 day';
BEGIN;
COMMIT;
SET search_path = public;
WITH recent AS (SELECT customer_id, amount FROM orders WHERE ordered_at > now() - interval '7 days')
SELECT c.full_name, r.amount FROM recent r JOIN customers c ON c.id = r.customer_id;
TRUNCATE orders;
DROP TABLE api_keys;
