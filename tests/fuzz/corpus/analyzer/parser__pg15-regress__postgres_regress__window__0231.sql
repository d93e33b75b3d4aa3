SELECT count() OVER () FROM tenk1;
