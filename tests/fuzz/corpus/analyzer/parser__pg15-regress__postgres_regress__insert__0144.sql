drop table range_parted, list_parted;
