analyze verbose foo.bar, foo.bar(a, b, c), foo;

-- full_parens
