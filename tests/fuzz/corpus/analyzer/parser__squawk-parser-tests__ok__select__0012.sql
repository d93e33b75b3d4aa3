select current_time;
