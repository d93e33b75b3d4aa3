SELECT a, b FROM collate_test2 ORDER BY b;
