select |o;
