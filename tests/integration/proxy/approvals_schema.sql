-- Tables the approvals integration test drops and truncates.
CREATE TABLE scratch (x int);
CREATE TABLE race_t (x int);
