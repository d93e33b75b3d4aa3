select 1 union select 2 intersect select 3 union select 4 order by 1 limit 2;
