insert into parted_irreg_ancestor values ('aasvogel', 3);
