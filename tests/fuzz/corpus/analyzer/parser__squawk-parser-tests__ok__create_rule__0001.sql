create or replace rule r as on select
  to foo.t
  where new.foo = old.foo or old.id != new.id
  do (
    select 1;
    insert into t values (1, 2);
    delete from t;
    values (1, 2);
    update t set foo = 1;
    notify f;
  );

-- select_stmt_variants
