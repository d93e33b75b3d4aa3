INSERT INTO INSERT_TBL(y) select yd from tmp;
