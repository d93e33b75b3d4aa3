drop text search parser foo;

-- full
