do language plpgsql 'select 1';
