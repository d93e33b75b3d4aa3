-- A cycle: ping feeds pong and pong feeds ping (tags flow around it).
CREATE TABLE ping (id bigint, v text);
INSERT INTO ping (id, v) SELECT id, w FROM pong;
UPDATE ping SET v = full_name FROM customers WHERE customers.id = ping.id;
