select $1[10:42];
