DROP TABLE t; --xCREATE TABLE t (a int)
