-- The catalog the standard policies' test blocks run against: a small shop
-- with personal data, credentials and plain business data.
CREATE TABLE customers (
  id          bigint PRIMARY KEY,
  email       text NOT NULL,
  full_name   text,
  phone       text,
  country     text,
  created_at  timestamptz
);
CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers (id),
  amount      numeric(10, 2),
  status      text,
  ordered_at  timestamptz
);
CREATE TABLE api_keys (
  id          bigint PRIMARY KEY,
  customer_id bigint,
  key_hash    text,
  secret      text
);
CREATE VIEW customer_contacts AS
  SELECT c.id, c.email, c.phone FROM customers c;
-- An ETL step that launders e-mails into a feature table: the column `e`
-- derives pii.email from customers.email (docs/catalog.md, "Derived tags").
CREATE TABLE customer_features AS
  SELECT id, lower(email) AS e, count(*) OVER () AS n FROM customers;
