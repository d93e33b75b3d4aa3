b int)
as '' language sql;

create function foo(arg float = 1
