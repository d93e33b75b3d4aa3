-- Training: the training set comes from the feature table and the chain.
CREATE TABLE training_set AS
  SELECT f.id, f.e AS email_feature, f.spend, cf.domain
  FROM features f JOIN contact_features cf ON cf.id = f.id;
SELECT email_feature, spend FROM training_set;
