SELECT exp(f.f1) from FLOAT8_TBL f;
