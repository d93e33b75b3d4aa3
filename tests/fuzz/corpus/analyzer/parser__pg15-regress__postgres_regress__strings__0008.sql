\061';
SELECT U&'wrong:
