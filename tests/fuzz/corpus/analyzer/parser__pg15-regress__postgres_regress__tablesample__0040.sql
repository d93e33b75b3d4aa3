SELECT id FROM test_tablesample TABLESAMPLE FOOBAR (1);
