select max(unique2) from tenk1 order by max(unique2);
