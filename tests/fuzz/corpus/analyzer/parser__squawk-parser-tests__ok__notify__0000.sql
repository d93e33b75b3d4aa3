NOTIFY foo;
