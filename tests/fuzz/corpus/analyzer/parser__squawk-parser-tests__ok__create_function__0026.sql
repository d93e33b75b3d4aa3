create function f()
returns void
parallel unsafe
as ''
language sql;
