select +a;
