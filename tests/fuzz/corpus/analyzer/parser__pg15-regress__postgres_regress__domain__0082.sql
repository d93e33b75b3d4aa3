select m, m is not null from makedcomp(1,2) m;
