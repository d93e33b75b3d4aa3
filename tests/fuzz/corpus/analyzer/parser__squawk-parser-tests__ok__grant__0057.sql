grant public
  to current_user;
