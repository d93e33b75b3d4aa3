select foo::int;
