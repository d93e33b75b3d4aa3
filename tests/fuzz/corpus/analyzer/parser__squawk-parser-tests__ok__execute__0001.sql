EXECUTE usrrptplan(1, current_date);
