-- Release 2.3 cleanup.

-- Archive old events first (fine: bounded).
DELETE FROM events WHERE at < now() - interval '2 years';

-- Oops: no WHERE, this empties the table.
UPDATE orders SET status = 'archived';

-- Dropping a column in prod needs a DBA's approval.
ALTER TABLE customers DROP COLUMN birth_date;

-- govern:ignore destructive.prod_ddl_needs_approval approved in CHANGE-1234 by the DBA team
DROP TABLE api_keys;
