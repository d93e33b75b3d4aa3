DROP INDEX unique_idx1, unique_idx2;
