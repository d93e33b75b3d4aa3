create table idxpart1 (b int, col1 int, col2 int, col3 int, a int);
