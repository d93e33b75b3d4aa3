SELECT E'a\\b' AS "a\b";
SELECT E'wrong:
