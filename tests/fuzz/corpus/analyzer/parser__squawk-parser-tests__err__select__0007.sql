);

-- missing args
select f(a,
