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
