select * from numrange_test2 where nr = 'empty'::numrange;
