select max(0) filter (where b1) from bool_test;
