select current_timestamp;
