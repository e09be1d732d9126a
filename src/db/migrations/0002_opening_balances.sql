-- Opening balances: a balance brought forward from a previous system (data take-on) or the start of a synthetic
-- history is posted as an 'opening_balance' transaction against this control account, so every opening balance
-- is a balanced ledger transaction like any other, and the total taken on can be reconciled in one place.
insert into accounts (account_number, account_class, account_type, name, opened_on) values
  ('GL-OPENING-BALANCES', 'control', 'clearing', 'Opening balances taken on', '2000-01-01');
