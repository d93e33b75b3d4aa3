select 1 except select 2 union select 3;
