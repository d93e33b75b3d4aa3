-- ETL step: normalised contact features for the marketing team. The e-mail
-- is only lower-cased, so the new column is still personal data: govern
-- derives pii.email for features.contacts.email_norm from customers.email.
CREATE TABLE features.contacts AS
SELECT c.id, lower(c.email) AS email_norm, c.country
FROM customers c;
