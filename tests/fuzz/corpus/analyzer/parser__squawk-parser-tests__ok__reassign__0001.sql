reassign owned by current_user to current_role;
