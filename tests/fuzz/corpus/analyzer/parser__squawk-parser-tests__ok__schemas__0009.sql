create schema s
  create table t (a int, b text)
  create table t1 (z int8);
