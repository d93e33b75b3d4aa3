-- Revenue per day for the dashboard. Clean.
SELECT date_trunc('day', ordered_at) AS day, sum(amount) AS revenue
FROM orders
WHERE status = 'paid'
GROUP BY 1
ORDER BY 1;

-- A quick look at recent signups: `*` pulls in personal columns (a warning).
SELECT * FROM customers WHERE created_at > now() - interval '1 day';
