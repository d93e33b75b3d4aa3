DROP TABLE pt, ref;
