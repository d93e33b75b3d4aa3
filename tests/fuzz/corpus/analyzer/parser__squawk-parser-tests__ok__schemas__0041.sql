'foo';
