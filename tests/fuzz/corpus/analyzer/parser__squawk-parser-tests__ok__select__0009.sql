select * from (select 1, 2, 3) target(target, function);
-- from alias shorthand
