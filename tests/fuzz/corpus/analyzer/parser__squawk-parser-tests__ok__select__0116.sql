select 1 window w as (order by 1);

-- with window def frame_start, frame_end
