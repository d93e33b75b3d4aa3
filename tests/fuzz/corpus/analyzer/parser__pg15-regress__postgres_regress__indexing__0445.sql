alter table covidxpart3 drop c;
