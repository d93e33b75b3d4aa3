SELECT !=- 10;
-- postfix operators don't work anymore
SELECT 10 !=-
