2,3];
-- extra comma
select array[1,
