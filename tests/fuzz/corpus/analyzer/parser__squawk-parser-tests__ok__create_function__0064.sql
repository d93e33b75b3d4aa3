create function f (internal, text[], bool) 
returns void
as '' language sql;

-- path type
