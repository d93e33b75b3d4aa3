delete from defp where f1 = 0;
