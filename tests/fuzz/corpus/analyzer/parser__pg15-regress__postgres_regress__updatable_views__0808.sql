drop view uv_ptv, uv_ptv_wco;
