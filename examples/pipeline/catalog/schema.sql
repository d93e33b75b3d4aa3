-- The production schema the pipelines run against (a pg_dump would do too).
CREATE TABLE customers (
  id          bigint PRIMARY KEY,
  email       text NOT NULL,
  full_name   text,
  phone       text,
  birth_date  date,
  country     text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  amount      numeric(10, 2) NOT NULL,
  status      text NOT NULL,
  ordered_at  timestamptz NOT NULL
);
CREATE TABLE events (
  id          bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers (id),
  kind        text NOT NULL,
  ip_address  inet,
  at          timestamptz NOT NULL
);
CREATE TABLE api_keys (
  id          bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers (id),
  secret      text NOT NULL
);
-- Support looks customers up through this view.
CREATE VIEW customer_directory AS
  SELECT c.id, c.full_name, c.email, c.country FROM customers c;
