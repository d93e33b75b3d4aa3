DROP CAST (text AS text);
