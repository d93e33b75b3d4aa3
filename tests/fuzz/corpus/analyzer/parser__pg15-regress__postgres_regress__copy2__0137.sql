copy check_con_tbl from stdin;
