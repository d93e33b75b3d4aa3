EXECUTE ins(2, ARRAY[1,2,3]); -- ok
