SELECT min(q1), min(q2) FROM INT8_TBL;
