select (1.1,2.2)::complex, row((3.3,4.4),(5.5,null))::quad;
