SELECT sum(a) FROM a_star*;
