-- Training set for the churn model. Looks clean: no customers table in
-- sight. But features.contacts.email_norm derives from customers.email.
SELECT s.customer_id, s.orders, s.revenue, f.country, f.email_norm
FROM features.order_stats s
JOIN features.contacts f ON f.id = s.customer_id;
