CREATE INDEX ti ON tststats.t (a, b);
