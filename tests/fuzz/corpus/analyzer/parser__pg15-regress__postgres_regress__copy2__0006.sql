COPY x (b, d) from stdin;
