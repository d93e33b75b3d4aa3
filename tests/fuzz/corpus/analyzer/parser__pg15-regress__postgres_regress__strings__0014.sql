\\';
SELECT U&'wrong: \db99
