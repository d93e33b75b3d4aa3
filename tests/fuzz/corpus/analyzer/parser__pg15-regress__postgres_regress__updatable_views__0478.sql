DELETE FROM rw_view1 WHERE a = 1.05; -- OK
