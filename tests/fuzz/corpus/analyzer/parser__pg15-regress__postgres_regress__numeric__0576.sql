SELECT AVG(val) FROM num_data;
