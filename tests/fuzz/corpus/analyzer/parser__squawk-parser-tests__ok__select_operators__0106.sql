select true is true;

-- is not true
