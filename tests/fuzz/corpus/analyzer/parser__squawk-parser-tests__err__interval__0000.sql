day to second(3);
select interval(6) '1 day'
