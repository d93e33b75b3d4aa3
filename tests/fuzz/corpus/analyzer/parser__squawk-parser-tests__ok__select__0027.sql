select 1 = any(select 1);
