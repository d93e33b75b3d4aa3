select round(avg(aa)), sum(aa) from a_star a4;
