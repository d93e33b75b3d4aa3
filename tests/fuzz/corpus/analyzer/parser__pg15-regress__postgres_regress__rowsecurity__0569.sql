GRANT ALL ON y1, y2 TO regress_rls_bob;
