select array_agg(unique1) from tenk1 where unique1 < -15;

-- array_agg(anyarray)
