SELECT * FROM T ORDER BY c_bigint, c_text, pk LIMIT 10;
