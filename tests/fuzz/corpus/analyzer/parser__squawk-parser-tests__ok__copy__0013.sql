*;

-- legacy_options
