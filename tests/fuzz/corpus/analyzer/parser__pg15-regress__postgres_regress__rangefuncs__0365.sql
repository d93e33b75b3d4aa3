alter table users drop column todrop;
