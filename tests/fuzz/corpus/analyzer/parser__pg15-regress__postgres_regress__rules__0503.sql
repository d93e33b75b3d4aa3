create view rule_v1(x) as values(1,2);
