' as f2, 'a;
