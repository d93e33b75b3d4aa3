insert into i_table values(3);
