drop trigger tr on bar.t;
