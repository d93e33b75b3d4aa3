WITHOUT OVERLAPS)
);

-- regression test gh issue #1171
-- allow period as a column name
