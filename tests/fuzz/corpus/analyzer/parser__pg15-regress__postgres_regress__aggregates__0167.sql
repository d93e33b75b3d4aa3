select max(min(unique1)) from tenk1;
