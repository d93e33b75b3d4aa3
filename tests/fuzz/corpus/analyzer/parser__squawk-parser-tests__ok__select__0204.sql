select * from user;

-- select with aggregates
