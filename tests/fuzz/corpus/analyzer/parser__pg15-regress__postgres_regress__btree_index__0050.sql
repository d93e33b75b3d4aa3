select * from btree_bpchar where f1::bpchar like 'foo';
