select coalesce(a, 1);
