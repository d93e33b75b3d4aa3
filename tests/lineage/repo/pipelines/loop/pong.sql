CREATE TABLE pong (id bigint, w text);
INSERT INTO pong (id, w) SELECT id, v FROM ping;
