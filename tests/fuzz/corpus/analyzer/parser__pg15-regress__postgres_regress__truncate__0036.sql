TRUNCATE TABLE trunc_c,truncate_a,trunc_d,trunc_e;
