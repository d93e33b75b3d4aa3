SELECT xmlagg(data) FROM xmltest;
