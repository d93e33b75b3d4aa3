UPDATE t SET (a[1], b.c, d) = ROW(1, 2, 3);

-- for_portion_of
UPDATE t
