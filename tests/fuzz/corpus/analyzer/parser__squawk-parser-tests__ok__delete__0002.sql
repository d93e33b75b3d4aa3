delete from only t;

-- *
