SELECT comp();
