COPY t3(id, a,b,c) FROM stdin;
