. 2 . 3e ;
select (1) .
