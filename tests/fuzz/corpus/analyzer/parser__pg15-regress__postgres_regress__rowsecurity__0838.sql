CREATE TABLE t (c) AS VALUES ('bar'::text);
