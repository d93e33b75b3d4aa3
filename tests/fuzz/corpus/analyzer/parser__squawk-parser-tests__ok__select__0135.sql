select 1 offset 1 row;
