SELECT U&'a\\b' AS "a\b";
