select a collate "C" < b collate "POSIX" from t;
