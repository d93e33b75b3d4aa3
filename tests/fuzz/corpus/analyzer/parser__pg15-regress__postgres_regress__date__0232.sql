select 'infinity'::date, '-infinity'::date;
