INSERT INTO users (id) VALUES (1) RETURNING id, email;
COPY (MERGE INTO orders o USING users u ON o.user_id = u.id WHEN MATCHED THEN DELETE) TO stdout;
