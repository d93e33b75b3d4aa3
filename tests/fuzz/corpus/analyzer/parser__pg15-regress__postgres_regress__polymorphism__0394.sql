select x, pg_typeof(x) from anyctest(11, multirange(numrange(4,7))) x;
