SELECT s FROM LSEG_TBL WHERE ?- s;

-- Center
