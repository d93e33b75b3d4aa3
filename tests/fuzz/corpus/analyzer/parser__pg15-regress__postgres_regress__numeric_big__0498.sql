DELETE FROM num_result;
