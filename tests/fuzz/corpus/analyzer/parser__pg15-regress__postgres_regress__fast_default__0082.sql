SELECT c_bigint, c_text FROM T WHERE c_bigint = -1 LIMIT 1;
