match
    (a is customers)
    ->
    (b is orders)
    <-
    (c is wishlists)
    -
    (d is products)
    -[e is order_items]->
    (f is orders)
    <-[g is customer_orders]-
    (h is customers where h.id <> a.id)
    columns (a.name, d.name, h.name)
);
