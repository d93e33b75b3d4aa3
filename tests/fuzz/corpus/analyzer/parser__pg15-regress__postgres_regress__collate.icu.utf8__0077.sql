SELECT a, b, greatest(b, 'CCC') FROM collate_test1 ORDER BY 3;
