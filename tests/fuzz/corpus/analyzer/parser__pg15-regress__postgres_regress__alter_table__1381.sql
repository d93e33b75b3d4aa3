ALTER TABLE part_7_a_null DROP c, DROP d, DROP e;
