select json_object(array['a', 'b'], array['foo', 'bar']);
select json_object('foo'
