DELETE FROM delete_test dt WHERE delete_test.a > 25;
