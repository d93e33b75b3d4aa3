alter event trigger t rename to u;
