drop operator ~ (none, bit), ^ (integer, integer);

-- full
