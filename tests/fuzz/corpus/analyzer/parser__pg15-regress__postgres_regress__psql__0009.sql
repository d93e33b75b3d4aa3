select 1 as x, 2 as y ;
