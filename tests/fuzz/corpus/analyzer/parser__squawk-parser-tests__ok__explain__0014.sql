explain analyze (((((select 1)))));
