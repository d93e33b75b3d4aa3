SELECT class, aa, a FROM a_star*;
