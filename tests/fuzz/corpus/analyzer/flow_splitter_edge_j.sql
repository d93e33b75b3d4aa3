SELECT E'x'
'\'; CREATE TABLE b (y int); --'
