select greater(a, b, c, d, 0);

-- least
