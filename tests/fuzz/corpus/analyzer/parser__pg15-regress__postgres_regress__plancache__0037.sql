set search_path = s1;
