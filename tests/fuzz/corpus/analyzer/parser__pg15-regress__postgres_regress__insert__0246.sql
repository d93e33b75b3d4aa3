reset role;
