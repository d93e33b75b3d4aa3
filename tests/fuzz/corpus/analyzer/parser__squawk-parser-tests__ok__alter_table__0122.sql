alter table t not of, not of, set logged, set unlogged;

-- from pg docs
