-- The production schema.
CREATE TABLE customers (
  id         bigint PRIMARY KEY,
  email      text NOT NULL,
  full_name  text,
  alt_email  text,
  country    text
);
CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  amount      numeric(10, 2) NOT NULL
);
-- A tagged column whose name needs quoting (escaping in every format).
CREATE TABLE "Weird ""Notes""" (
  id                  bigint,
  "note|<b>#1 & `x`"  text
);
-- Support reads customers through this view (a derivation inside the catalog).
CREATE VIEW customer_directory AS
  SELECT c.id, c.full_name FROM customers c;
-- Two sources of one column carrying the same tag: two edges.
CREATE VIEW customer_contacts AS
  SELECT c.id, coalesce(c.email, c.alt_email) AS contact FROM customers c;
