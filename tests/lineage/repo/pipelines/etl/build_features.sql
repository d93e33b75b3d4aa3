-- ETL: the feature table is built from customer e-mails and order amounts.
CREATE TABLE features AS
  SELECT c.id, lower(c.email) AS e, c.country,
         (SELECT sum(o.amount) FROM orders o WHERE o.customer_id = c.id) AS spend
  FROM customers c;

-- Counting is not carrying: n_customers takes no tag.
CREATE TABLE country_stats AS SELECT country, count(*) AS n_customers FROM customers GROUP BY country;

-- A value aggregate carries: the e-mails of a country, as a materialized view.
CREATE MATERIALIZED VIEW country_emails AS
  SELECT country, string_agg(email, ',') AS emails FROM customers GROUP BY country;
