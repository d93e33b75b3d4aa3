TRUNCATE only a, b *, c;

-- rest
