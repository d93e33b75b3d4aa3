create schema s2
  create table abc (f1 int);
