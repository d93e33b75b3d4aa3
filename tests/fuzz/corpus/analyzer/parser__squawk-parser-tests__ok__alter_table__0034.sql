default;
