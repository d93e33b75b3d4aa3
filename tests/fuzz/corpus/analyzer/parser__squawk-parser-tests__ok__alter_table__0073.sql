alter table t of int8;
