select 2++3;
