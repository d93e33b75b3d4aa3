and true;
select from t join u on
