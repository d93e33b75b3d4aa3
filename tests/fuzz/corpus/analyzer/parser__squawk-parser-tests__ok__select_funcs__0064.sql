: 'bar' format json);

select json_object('foo'
