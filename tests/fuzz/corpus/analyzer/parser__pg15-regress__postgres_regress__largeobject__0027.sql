ABORT;









-- Test truncation.
