explain update parted_tab set a = 2 where false;
