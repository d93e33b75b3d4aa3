SELECT MAX(val) FROM num_data;
