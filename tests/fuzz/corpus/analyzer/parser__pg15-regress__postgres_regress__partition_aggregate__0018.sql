SELECT c, sum(a) FROM pagg_tab WHERE 1 = 2 GROUP BY c;
