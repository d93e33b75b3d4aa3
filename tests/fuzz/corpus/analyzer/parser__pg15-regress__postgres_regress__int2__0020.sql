SELECT i.* FROM INT2_TBL i WHERE i.f1 > int4 '0';
