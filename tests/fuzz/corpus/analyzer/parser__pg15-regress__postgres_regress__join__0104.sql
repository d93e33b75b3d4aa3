select * from (x left join y on (x1 = y1)) left join x xx(xx1,xx2)
on (x1 = xx1);
