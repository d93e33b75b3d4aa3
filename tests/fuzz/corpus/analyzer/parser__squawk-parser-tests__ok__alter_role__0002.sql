alter role r rename to newname;
alter role r rename to
