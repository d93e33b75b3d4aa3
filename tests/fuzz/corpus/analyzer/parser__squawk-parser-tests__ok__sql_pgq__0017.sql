create table Transactions(
  id bigint primary key,
  from_account bigint references Accounts,
  to_account bigint references Accounts,
  date timestamptz,
  amount bigint
);

CREATE
