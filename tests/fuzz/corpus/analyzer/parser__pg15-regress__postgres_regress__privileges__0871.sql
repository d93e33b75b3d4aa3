GRANT ALL ON ALL TABLES IN SCHEMA testns TO regress_priv_user1;
