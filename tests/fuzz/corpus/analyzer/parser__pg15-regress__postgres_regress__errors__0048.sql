);

-- no such operator by that name
