SELECT *, tableoid::regclass::text FROM SYS_COL_CHECK_TBL;
