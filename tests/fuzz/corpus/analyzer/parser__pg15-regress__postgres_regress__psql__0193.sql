not okay;
