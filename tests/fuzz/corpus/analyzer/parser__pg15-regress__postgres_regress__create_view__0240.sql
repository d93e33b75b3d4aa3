select f1, f3 from tt14v;
