select * from parted_conflict_test order by a;

-- case where parent will have a dropped column, but the partition won't
