COPY x (a, b, c, d, e, d, c) from stdin;

-- missing data: should fail
