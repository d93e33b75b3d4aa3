select;

-- extra comma
select a,
