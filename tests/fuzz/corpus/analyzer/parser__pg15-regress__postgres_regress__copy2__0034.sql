COPY x from stdin WHERE a = max(x.b);
