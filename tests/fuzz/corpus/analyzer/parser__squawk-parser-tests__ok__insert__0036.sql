insert into t (select 1);
