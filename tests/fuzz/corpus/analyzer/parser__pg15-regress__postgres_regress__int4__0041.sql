SELECT int2 '2' * int2 '2' = int2 '16' / int2 '4' AS true;
