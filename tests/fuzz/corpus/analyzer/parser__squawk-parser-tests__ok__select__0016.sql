select localtime;
