SELECT y FROM (atest5 a JOIN atest5 b(one,x,y,z) USING (one)); -- fail
