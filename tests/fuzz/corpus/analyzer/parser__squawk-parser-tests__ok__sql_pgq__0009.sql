SELECT customers.name FROM customers JOIN customer_orders USING (customer_id) JOIN orders USING (order_id) WHERE orders.ordered_when = current_date;

-- explicit version that doesn't require primary & foreign keys
CREATE
