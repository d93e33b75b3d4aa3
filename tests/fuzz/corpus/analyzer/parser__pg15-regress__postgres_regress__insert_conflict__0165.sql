select * from twoconstraints;
