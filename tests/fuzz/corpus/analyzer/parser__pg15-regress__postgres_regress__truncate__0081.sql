TRUNCATE ONLY trunc_fb, trunc_fa;
