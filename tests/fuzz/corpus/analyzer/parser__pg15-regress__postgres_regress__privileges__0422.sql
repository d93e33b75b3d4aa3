LOCK atestc;
