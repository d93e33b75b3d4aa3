select user;

-- current_catalog
