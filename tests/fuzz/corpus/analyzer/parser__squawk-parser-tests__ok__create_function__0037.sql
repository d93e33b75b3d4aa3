create function f()
returns void
as 'foo', 'bar'
language foo;

-- return
