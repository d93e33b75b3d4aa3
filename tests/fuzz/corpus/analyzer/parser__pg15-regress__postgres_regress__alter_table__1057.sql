drop schema alter1;
