SELECT * FROM target full outer join source on (sid = tid);
