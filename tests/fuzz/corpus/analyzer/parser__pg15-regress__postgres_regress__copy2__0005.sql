COPY x (a, b, c, d, e) from stdin;
