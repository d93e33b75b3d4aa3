CALL ptest3('b');
