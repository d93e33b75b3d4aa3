SELECT * FROM (TABLE int2_tbl) AS s (a, b);
