SELECT session_user, current_user;
