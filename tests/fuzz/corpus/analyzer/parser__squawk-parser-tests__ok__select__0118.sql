select 1 window w as (rows 1 preceding);
