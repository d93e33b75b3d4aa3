SELECT i.* FROM INT4_TBL i WHERE (i.f1 % int4 '2') = int2 '0';
