-- Masking fixtures: one column per mask method and type (masking.policy).
CREATE TABLE mask_people (
  id      int PRIMARY KEY,
  email   text,
  name    varchar(80),
  code    char(6),
  phone   text,
  card    bigint,
  small   smallint,
  amount  numeric(12, 2),
  token   uuid,
  doc     jsonb,
  raw     bytea,
  born    date,
  note    text,
  country text
);
CREATE UNIQUE INDEX mask_people_email ON mask_people (email);
CREATE VIEW mask_people_v AS SELECT id, email FROM mask_people;
CREATE TABLE mask_bench (id int PRIMARY KEY, email text, name text, country text);
-- Origins (mask_origins_test.py): a view that renames, and tables the test
-- re-creates or changes behind the proxy's back.
CREATE VIEW mask_origin_v AS SELECT id, email AS contact, country AS region FROM mask_people;
CREATE TABLE mask_origin_t (id int, email text);
CREATE TABLE mask_origin_c (id int, email text, note text);
-- Views the test replaces in place behind the proxy's back (same names and
-- types, so the same OID and attnums): one after its first lookup, one
-- before it.
CREATE VIEW mask_origin_r AS SELECT id, email AS contact, country AS region FROM mask_people;
CREATE VIEW mask_origin_d AS SELECT id, email AS contact, country AS region FROM mask_people;
-- Views the test replaces in place with a computation of a masked copy (p),
-- a function the catalog's definition does not call (f), and through the
-- proxy while a masked statement waits on it (x).
CREATE VIEW mask_origin_p AS SELECT id, email AS contact FROM mask_people;
CREATE VIEW mask_origin_f AS SELECT id, upper(country) AS region FROM mask_people;
CREATE VIEW mask_origin_x AS SELECT id, email AS contact, country AS region FROM mask_people;
