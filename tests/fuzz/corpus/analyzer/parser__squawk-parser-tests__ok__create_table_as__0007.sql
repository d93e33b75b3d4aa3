create temporary table t as
  values (1, 3), (a, 5);
