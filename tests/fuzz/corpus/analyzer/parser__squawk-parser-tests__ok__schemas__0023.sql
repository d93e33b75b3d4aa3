set schema 'foo';
