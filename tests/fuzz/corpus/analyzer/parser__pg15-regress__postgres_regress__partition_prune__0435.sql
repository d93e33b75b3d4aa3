explain (analyze, costs off, summary off, timing off)
execute ps1(1);
