drop trigger tr on t;
