select tableoid::regclass, * from mcrparted order by a, b;
