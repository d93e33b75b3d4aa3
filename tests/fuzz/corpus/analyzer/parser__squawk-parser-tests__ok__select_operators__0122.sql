select 2 ^ (3 ^ 3);

-- square root
