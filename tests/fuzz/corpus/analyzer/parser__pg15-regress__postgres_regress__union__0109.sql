select union select;
