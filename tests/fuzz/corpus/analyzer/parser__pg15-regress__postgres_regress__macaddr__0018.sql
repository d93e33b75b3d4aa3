SELECT a, b, trunc(b) FROM macaddr_data ORDER BY 2, 1;
