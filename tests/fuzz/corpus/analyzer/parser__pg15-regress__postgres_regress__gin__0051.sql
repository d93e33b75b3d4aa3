select count(*) from t_gin_test_tbl where j @> '{}'::int[];
