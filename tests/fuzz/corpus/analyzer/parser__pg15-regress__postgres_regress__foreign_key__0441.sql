DELETE FROM users WHERE id = 2;
