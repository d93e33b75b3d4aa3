create function f()
as '' language 'sql';

-- schema
