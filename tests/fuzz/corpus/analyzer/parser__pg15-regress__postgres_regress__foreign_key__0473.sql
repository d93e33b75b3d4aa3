drop table pp, cc;
