select operator(a.b.-) 4;


set catalog
