-- Tags can be declared in migrations too.
COMMENT ON COLUMN "Weird ""Notes"""."note|<b>#1 & `x`" IS 'govern:tags=pii.free_text';
CREATE TABLE note_archive (id bigint, body text);
INSERT INTO note_archive (id, body) SELECT id, "note|<b>#1 & `x`" FROM "Weird ""Notes""";
