COPY x (c, e) TO stdout;
