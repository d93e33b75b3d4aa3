-- Schema for the oracle's derivation cases (views.sql): one per lineage rule.
CREATE SCHEMA d;
CREATE TABLE d.c (id int PRIMARY KEY, email text, name text, phone text, score int);
CREATE TABLE d.o (id int, cid int REFERENCES d.c, amount numeric, note text, ts timestamp);
CREATE TABLE d."Mixed Case" ("Zip Code" text, "x" int);
