create /*/*/index*/*/ table t(a int); create table u(b int);
