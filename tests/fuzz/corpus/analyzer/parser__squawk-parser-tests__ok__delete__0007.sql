delete from t 
using foo f, b a;
