select f1 from abc;
