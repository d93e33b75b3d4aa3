SELECT E'a'
'\''; CREATE TABLE b (y int); SELECT 'z'
