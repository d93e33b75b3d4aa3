-- (catalog helper) CREATE SCHEMA with several view elements: each view is read
-- from its own text (issue 9.5: it used to be "cannot determine the columns").
CREATE TABLE public.people (id int, email text, name text);
COMMENT ON COLUMN public.people.email IS 'govern:tags=pii.email';
CREATE SCHEMA reporting
  CREATE VIEW contacts AS SELECT id, email FROM public.people
  CREATE VIEW names AS SELECT name AS full_name FROM public.people WHERE id > 0
  CREATE TABLE notes (id int, body text)
  CREATE VIEW mixed AS SELECT c.email, n.body FROM contacts c JOIN notes n ON n.id = c.id;
