select 1 group by 1;

-- multi expr
