COPY t2 FROM stdin;
