prepare q1 (int,int) as select * from listp where b in ($1,$2);
