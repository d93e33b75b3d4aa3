explain (analyze, verbose, costs off, summary off, timing off) execute mt_q2 (35);
