: 'bar', 'a': 'b');

select json_object('foo'
