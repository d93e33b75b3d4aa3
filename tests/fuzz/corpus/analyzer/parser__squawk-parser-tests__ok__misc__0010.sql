SELECT
    category_id,
    object_id,
    date_trunc( 'day', interaction_ts ) AS interaction_date,
    sum_per_hour( EXTRACT( 'hour' FROM interaction_ts)::int4, interaction_count ) FILTER (WHERE interaction_type = 'a') AS a_counts,
    sum_per_hour( EXTRACT( 'hour' FROM interaction_ts)::int4, interaction_count ) FILTER (WHERE interaction_type = 'b') AS b_counts
FROM
    input_data
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
