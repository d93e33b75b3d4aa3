WITH RECURSIVE search_graph(id, link, data, depth, path) AS (
  select 1
) CYCLE id SET is_cycle TO true DEFAULT false USING path
SELECT * FROM search_graph;

-- multi
