select tableoid::regclass, * from mlparted order by a, b, c, d;
