select foo.bar null;
