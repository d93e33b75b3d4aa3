select p2text(c1.*) from c1;
