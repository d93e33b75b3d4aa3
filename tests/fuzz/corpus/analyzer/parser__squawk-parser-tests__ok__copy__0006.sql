COPY country TO PROGRAM 'gzip > /usr1/proj/bray/sql/country_data.gz';

-- log_setting
