select * from (values (2),(null),(1)) v(k) where k = k order by k;
