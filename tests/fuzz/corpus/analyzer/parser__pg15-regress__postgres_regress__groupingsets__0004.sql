copy gstest3 from stdin;
