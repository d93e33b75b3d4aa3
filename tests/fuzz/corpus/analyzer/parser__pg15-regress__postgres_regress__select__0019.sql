select foo from (select 1 offset 0) as foo;
