analyze t;
