/*/*/select*/*/create table t(a int)
