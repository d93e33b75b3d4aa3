create table t
partition of foo.bar
for values from ('bar') to ('buzz');
