alter table child inherit parent;
