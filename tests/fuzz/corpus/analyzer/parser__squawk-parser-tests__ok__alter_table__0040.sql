alter table t inherit t1;
