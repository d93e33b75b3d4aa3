SET U&"search\005fpath" TO etl;
CREATE TABLE t (a int);
SELECT 1;
