create view v as (table t);
