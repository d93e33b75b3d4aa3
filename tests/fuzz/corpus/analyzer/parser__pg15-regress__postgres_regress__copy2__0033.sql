COPY x from stdin WHERE f > 60003;
