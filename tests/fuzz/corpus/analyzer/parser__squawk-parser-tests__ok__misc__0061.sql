select jobname, start_time, status, return_message
from cron.job_run_details join cron.job using (jobid)
where jobname like 'pipeline:event-import%' order by 1 desc limit 3;

-- https://supabase.com/blog/calendars-in-postgres-using-foreign-data-wrappers
