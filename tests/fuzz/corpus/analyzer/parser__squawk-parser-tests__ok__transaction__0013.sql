prepare transaction 'f';
