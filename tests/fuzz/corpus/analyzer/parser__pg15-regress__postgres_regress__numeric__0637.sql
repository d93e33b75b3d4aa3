SELECT a, ceil(a), ceiling(a), floor(a), round(a) FROM ceil_floor_round;
