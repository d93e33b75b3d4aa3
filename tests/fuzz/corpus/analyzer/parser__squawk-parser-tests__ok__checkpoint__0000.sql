checkpoint;

-- checkpoint options
checkpoint
