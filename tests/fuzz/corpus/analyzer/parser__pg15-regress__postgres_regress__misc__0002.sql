SELECT two, stringu1, ten, string4
   INTO TABLE tmp
   FROM onek;
