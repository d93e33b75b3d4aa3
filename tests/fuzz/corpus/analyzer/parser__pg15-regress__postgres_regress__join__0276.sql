select * from int4_tbl a full join int4_tbl b on true;
