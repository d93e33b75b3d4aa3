do 'begin null; end';

-- select grant
select
