CREATE TABLE pk2 (b int, a int);
