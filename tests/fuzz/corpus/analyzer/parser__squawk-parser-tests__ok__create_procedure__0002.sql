create or replace procedure p()
language sql
begin atomic
  select 1;
  select 2;
end;
