explain execute foo;

-- declare
