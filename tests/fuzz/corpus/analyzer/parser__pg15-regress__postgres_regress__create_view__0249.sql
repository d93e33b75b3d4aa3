explain (verbose, costs off) select * from tt14v;
