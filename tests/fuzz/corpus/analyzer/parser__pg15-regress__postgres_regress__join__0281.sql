analyze q2;
