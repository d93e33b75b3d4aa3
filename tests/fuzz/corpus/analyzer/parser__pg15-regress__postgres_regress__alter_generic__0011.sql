SET search_path = alt_nsp1, public;

--
-- Function and Aggregate
--
