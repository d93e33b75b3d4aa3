SELECT count(*) FROM vactst;
