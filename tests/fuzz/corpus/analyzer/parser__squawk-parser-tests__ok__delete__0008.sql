delete from t
using order_items oi
  left join orders o on oi.order_id = o.id;
