INSERT INTO mask_people VALUES
  (1, 'ana@shop.io', 'Ana Lopez', 'AB12CD', '600111234', 4111111111111234, 77, 1234.50,
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": "v"}', '\x0102', '1990-05-01', 'hello', 'ES'),
  (2, 'bob@mail.example', 'Émile', 'ZZ', '555', 99, -5, 0.01,
   '00000000-0000-0000-0000-000000000001', '[1, 2]', '\x', '2001-12-31', 'x', 'FR'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'DE');
-- 10,000 rows for paging and the masking benchmark (benchmarks/proxy/mask_bench.sh).
INSERT INTO mask_bench
  SELECT i, 'user' || i || '@example.com', 'Name ' || i, 'C' || (i % 50) FROM generate_series(1, 10000) i;
INSERT INTO mask_origin_t VALUES (1, 'tess@shop.io');
INSERT INTO mask_origin_c VALUES (1, 'cleo@shop.io', 'n');
