only grandparent rename to b;	-- ONLY not supported
