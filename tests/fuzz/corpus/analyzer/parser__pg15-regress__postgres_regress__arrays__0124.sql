SELECT ARRAY[[[[[['hello'],['world']]]]]];
