match
    (a is customers)-[is customer_orders]->(b is orders),
    (b is orders)-[is order_items]->(c is products),
    (a is customers)-[is customer_wishlists]->(w is wishlists)
    columns (a.name, b.order_id, c.name, w.wishlist_name)
);

select * from graph_table(
  myshop
