select 1 is;
