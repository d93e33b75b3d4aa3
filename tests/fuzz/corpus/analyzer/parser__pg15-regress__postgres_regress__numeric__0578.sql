SELECT MIN(val) FROM num_data;
