COPY x from stdin;
