COPY rls_t1 (a, b, c) TO stdout;

-- subset of columns
