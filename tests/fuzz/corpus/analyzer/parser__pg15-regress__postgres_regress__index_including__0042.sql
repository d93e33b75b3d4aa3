select * from tbl where (c1,c2,c3) < (262,1,1) limit 1;
