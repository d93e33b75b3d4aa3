MATCH (p IS Person) <-[IS owner]- (account1 IS Account),
        (account1) -[t IS transaction]- (account2), /* match both incoming and outgoing transactions */
        (account2 IS Account) -[IS owner]-> (owner IS Person|Company)
  WHERE p.name = 'Nikita'
  COLUMNS (owner.name AS account_holder, t.amount)
)
GROUP BY account_holder
