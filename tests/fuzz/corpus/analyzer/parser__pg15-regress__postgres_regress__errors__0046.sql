(int4, int4);

-- missing type list contents
drop operator === (
