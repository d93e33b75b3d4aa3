select 1 group by rollup (1, 2), rollup (3);

-- cube
