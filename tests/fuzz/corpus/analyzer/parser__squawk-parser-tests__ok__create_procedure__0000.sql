create procedure p()
language sql;

-- full
