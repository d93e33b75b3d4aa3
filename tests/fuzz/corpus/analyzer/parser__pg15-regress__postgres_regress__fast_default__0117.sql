INSERT INTO t (a,b,c) VALUES (1,2,3);
