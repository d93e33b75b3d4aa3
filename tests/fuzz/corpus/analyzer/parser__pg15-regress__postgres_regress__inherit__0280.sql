select * from inh_fk_2 order by 1, 2;
