select (d1).r, (d1).i, (d1).* from dcomptable;
