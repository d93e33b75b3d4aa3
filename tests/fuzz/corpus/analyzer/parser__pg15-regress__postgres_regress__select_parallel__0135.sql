select count(*) from tenk1 group by twenty;
