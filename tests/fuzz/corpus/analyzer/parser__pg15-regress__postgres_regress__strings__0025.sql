\u0061';
SELECT E'wrong: \U0000db99
