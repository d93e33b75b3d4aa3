select f1 from c1;
