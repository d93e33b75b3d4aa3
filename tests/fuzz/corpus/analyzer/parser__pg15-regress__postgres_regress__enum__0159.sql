ROLLBACK;

--
-- Cleanup
--
