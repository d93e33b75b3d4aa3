create function f()
returns void
language sql
begin atomic
  select 1;
  end;
