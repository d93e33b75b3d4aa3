select a collate foo;
