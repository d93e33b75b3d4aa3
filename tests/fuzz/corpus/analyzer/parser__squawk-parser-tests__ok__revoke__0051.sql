revoke admin option for
  public
  from current_user;

revoke inherit
