CREATE TABLE inhts (d int) INHERITS (inht2, inhs1);
