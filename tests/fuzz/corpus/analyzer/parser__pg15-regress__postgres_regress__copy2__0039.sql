COPY x TO stdout;
