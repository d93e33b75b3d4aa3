DROP TABLE parted, list_parted, range_parted, list_parted2, range_parted2, range_parted3;
