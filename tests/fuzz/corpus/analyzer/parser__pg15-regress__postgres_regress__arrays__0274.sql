select c2[2].f2 from comptable;
