property graph g;

drop
