-- catalog: ../shop.sql
SELECT c.name AS who, o.total FROM customers AS c JOIN orders o ON o.customer_id = c.id WHERE o.total > 10 LIMIT 5;
SELECT * FROM customers JOIN orders USING (id);
SELECT customer_id FROM orders NATURAL JOIN crm.notes;
SELECT name, count(*) FROM customers GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC;
SELECT id, row_number() OVER (PARTITION BY name ORDER BY created) FROM customers;
SELECT email FROM customers UNION SELECT body FROM crm.notes;
SELECT x.e FROM customers c, LATERAL (SELECT c.email AS e) x;
SELECT t.a, t.b FROM customers AS t(a, b);
WITH RECURSIVE r(n, e) AS (SELECT 1, email FROM customers UNION ALL SELECT n + 1, e FROM r WHERE n < 3) SELECT e FROM r;
SELECT email FROM customer_emails WHERE id = 1;
SELECT "Zip Code", CUSTOMERS.Name FROM Customers;
SELECT id FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE orders.customer_id = customers.id);
SELECT coalesce(email, name)::text AS contact, (SELECT max(total) FROM orders) FROM customers;
VALUES (1, 'a'), (2, 'b');
SELECT emial FROM customers;
SELECT a.b FROM nowhere a;
