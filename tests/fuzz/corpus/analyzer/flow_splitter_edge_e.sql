COMMENT /* a /* b */ c */ ON COLUMN users.email IS 'govern:tags=pii';
SELECT 1;
