select d1[2], d1[1].r, d1[1].i from dcomptable;
