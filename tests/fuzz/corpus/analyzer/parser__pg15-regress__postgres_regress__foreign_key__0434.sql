UPDATE users SET id = 4 WHERE id = 3;
