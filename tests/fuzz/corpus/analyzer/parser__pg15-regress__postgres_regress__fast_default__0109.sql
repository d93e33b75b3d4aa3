SELECT c_text FROM T WHERE c_int = -1;
