-- Features for the churn model: behaviour only, no personal data. Clean.
CREATE TABLE features.order_stats AS
SELECT o.customer_id,
       count(*)                              AS orders,
       sum(o.amount)                         AS revenue,
       max(o.ordered_at)                     AS last_order_at,
       count(*) FILTER (WHERE o.status = 'refunded') AS refunds
FROM orders o
GROUP BY o.customer_id;
