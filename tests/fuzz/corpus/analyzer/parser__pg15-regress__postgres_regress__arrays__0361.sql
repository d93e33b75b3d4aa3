select unnest(array[1,2,3]);
