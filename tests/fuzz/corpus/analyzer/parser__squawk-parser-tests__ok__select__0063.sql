select a, b from foo(bar, buzz) with ordinality as t(a, b);
