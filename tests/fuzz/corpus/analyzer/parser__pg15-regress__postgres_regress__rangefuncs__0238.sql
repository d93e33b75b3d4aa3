SELECT * FROM rngfuncr(42) AS p(a,b);
