SELECT col1 FROM atest2 WHERE col2 = true; -- fail
