WITH monthly_stats AS (
  SELECT 
    date_trunc('month', timestamp) as month,
    COUNT(DISTINCT user_id) as users,
    SUM(revenue) as revenue
  FROM events 
  WHERE timestamp >= NOW() - interval '12 months'
  GROUP BY 1
),
user_segments AS (
  SELECT 
    user_id,
    CASE 
        WHEN lifetime_value > 1000 THEN 'high'
        WHEN lifetime_value > 100 THEN 'medium'
        ELSE 'low'
    END as segment
  FROM users
)
SELECT 
  month,
  segment,
  COUNT(DISTINCT e.user_id) as users,
  SUM(revenue) as revenue
FROM events e
JOIN user_segments s
  ON e.user_id = s.user_id
GROUP BY 1, 2;
