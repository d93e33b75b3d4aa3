create view alter1.v1 as select * from alter1.t1;
