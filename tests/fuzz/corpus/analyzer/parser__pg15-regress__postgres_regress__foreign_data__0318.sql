SELECT * FROM information_schema.foreign_tables ORDER BY 1, 2, 3;
