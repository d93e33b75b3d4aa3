delete from gin_test_tbl where i @> array[2];
