COPY x from stdin WHERE a IN (SELECT 1 FROM x);
