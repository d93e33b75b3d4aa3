select cachebug();
