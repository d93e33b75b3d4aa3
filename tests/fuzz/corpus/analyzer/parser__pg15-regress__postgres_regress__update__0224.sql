SELECT tableoid::regclass::text, * FROM list_parted ORDER BY 1, 2, 3, 4;
