alter table idxpart1 drop column col1, drop column col2, drop column col3, drop column col4;
