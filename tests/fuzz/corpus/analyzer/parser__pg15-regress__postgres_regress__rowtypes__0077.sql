select (r).f1 from (select row(1, 2.0) as r) ss;
