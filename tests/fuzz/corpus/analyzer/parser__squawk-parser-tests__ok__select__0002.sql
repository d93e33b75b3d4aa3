select (((select 1)) + 3);
