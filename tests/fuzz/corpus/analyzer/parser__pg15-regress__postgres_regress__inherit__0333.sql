select * from matest0 order by 1-id;
