drop table nonesuch;


--
-- ALTER TABLE

-- relation renaming

-- missing relation name
alter table rename
