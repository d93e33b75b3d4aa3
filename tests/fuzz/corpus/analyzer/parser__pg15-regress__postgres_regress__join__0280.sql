analyze q1;
