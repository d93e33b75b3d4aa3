select $1.somecolumn;
