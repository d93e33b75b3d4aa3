CREATE TABLE as_select1 AS EXECUTE select1;
