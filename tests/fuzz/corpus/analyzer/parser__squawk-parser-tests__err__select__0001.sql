);

-- missing comma
select a, b c
