RESET enable_sort;
