alter table t alter c set storage main;
alter table t alter c set storage
