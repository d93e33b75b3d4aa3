SELECT array_agg(b ORDER BY b) FROM collate_test1;
