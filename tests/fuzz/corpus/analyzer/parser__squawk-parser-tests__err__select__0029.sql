or c != 'b';

select from t join u on
