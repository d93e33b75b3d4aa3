(mode fast);
checkpoint
