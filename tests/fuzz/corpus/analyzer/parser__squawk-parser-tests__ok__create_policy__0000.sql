create policy p on t;

-- as_
