CREATE PROCEDURE testns.bar() AS 'select 1' LANGUAGE sql;
