select 1, 2 group by 1, 2;

-- all
