select $1;
