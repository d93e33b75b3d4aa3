);


--
-- DROP RULE

-- missing rule name
drop rule
