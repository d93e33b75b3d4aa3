select a,b,ord from rngfunct(1) with ordinality as z(a,b,ord);
