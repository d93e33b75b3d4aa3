select * from bar x, buzz y;
