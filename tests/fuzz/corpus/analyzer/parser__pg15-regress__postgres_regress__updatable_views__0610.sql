EXPLAIN (costs off) INSERT INTO rw_view1 VALUES (5);
