SELECT * FROM pg_temp.f(2);
