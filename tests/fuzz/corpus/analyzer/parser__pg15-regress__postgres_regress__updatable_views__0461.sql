UPDATE rw_view1 SET b = b + 1 RETURNING *;
