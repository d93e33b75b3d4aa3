SELECT 2 + 2 / 2 AS three;
