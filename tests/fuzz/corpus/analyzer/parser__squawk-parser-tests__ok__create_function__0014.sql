create function f()
returns void
stable
as ''
language sql;
