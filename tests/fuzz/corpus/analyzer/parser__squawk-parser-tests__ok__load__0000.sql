load 'foo';
