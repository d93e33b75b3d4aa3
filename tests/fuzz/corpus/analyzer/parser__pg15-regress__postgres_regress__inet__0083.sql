SELECT i, c, i | c AS "or" FROM inet_tbl;
