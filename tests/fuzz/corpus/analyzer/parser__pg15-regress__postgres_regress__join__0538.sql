analyze j2;
