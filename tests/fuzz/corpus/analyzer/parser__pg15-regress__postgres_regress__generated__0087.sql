DROP TABLE gtesty;
