-- Features for the churn model, with a leak: the directory view exposes the
-- customer's name and e-mail, and the CTE hides it one level down.
WITH directory AS (
  SELECT d.id, d.country, d.email FROM customer_directory d
)
SELECT dir.id AS customer_id,
       dir.country,
       split_part(dir.email, '@', 2) AS email_domain,
       e.kind,
       count(*) AS events
FROM directory dir
JOIN events e ON e.customer_id = dir.id
GROUP BY 1, 2, 3, 4;
