select * from pendtest where 'ipt:*'::tsquery @@ ts;
