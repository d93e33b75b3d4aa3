drop sequence seq;
