-- A multi-step chain: customers -> staging_contacts -> contact_features.
CREATE TABLE staging_contacts (id bigint, contact text, label text);
INSERT INTO staging_contacts (id, contact, label)
SELECT id, email, full_name || ' <' || email || '>' FROM customers;
CREATE VIEW contact_features AS
  SELECT id, split_part(contact, '@', 2) AS domain, label FROM staging_contacts;
