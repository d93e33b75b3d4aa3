INSERT INTO d(aa) VALUES('ddd');
