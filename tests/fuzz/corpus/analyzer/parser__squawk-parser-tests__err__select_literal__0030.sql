SELECT $2147483648;
-- empty placeholder
SELECT
