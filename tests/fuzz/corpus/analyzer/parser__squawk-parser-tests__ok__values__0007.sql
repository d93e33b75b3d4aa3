values (1) fetch first 1 row only;
