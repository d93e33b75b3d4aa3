CREATE TABLE tbl (c1 int,c2 int, c3 int, c4 box);
