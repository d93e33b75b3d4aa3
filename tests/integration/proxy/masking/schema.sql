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
CREATE VIEW mask_origin_y AS SELECT id, email AS contact, country AS region FROM mask_people;
-- Replaced behind the proxy's back: w never read meanwhile (found by the
-- sweep); s with a function bearing a pg_catalog name, o with an operator.
CREATE VIEW mask_origin_w AS SELECT id, email AS contact, country AS region FROM mask_people;
CREATE VIEW mask_origin_s AS SELECT id, lower(country) AS region FROM mask_people;
CREATE VIEW mask_origin_o AS SELECT id, lower(country) AS region FROM mask_people;
-- Views whose definitions PostgreSQL rewrites (pg_get_viewdef: joins, casts,
-- builtins): the proxy must find them equal to these (mask_origins_test.py,
-- test_definitions_agree), so masked statements over them are not refused.
CREATE FUNCTION mask_norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(t)) $$;
CREATE VIEW mask_def_join AS
  SELECT id, p.email, b.name AS bench_name FROM mask_people p FULL JOIN mask_bench b USING (id);
CREATE VIEW mask_def_natural AS SELECT * FROM mask_people p NATURAL JOIN mask_bench b;
CREATE VIEW mask_def_builtins AS
  SELECT trim(email) AS t, extract(year FROM born) AS yr, substring(email from 2 for 3) AS s,
         position('@' in email) AS p, nullif(country, '') AS n, greatest(amount, 0) AS g,
         CASE WHEN country = 'ES' THEN name ELSE 'x' END AS c, email::varchar(40) AS v, mask_norm(email) AS m,
         email LIKE '%@shop.io' AS l, coalesce(phone, 'none') AS ph
  FROM mask_people;
CREATE VIEW mask_def_query AS
  WITH recent AS (SELECT id, email, country FROM mask_people WHERE id > 0)
  SELECT DISTINCT ON (country) country, email, count(*) OVER (PARTITION BY country) AS n,
         (SELECT max(b.email) FROM mask_bench b WHERE b.id = recent.id) AS bench_email
  FROM recent ORDER BY country, email;
CREATE VIEW mask_def_union AS
  SELECT email AS contact FROM mask_people UNION SELECT email FROM mask_bench;
CREATE VIEW mask_def_agg AS
  SELECT country, count(*) FILTER (WHERE email IS NOT NULL) AS emails, string_agg(email, ',' ORDER BY id) AS all_emails
  FROM mask_people GROUP BY ROLLUP (country);
CREATE VIEW mask_def_lateral AS
  SELECT p.id, l.e FROM mask_people p, LATERAL (SELECT p.email AS e) l
  WHERE EXISTS (SELECT 1 FROM mask_bench b WHERE b.id = p.id);
CREATE VIEW mask_def_nested AS SELECT contact, upper(contact) AS r FROM mask_def_union;
CREATE VIEW mask_def_star AS SELECT * FROM mask_people_v;
