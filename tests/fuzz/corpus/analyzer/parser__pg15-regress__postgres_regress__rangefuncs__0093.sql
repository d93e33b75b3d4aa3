SELECT * FROM getrngfunc4(1) WITH ORDINALITY AS t1(a,b,c,o);
