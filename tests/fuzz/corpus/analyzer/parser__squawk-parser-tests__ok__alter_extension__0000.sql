alter extension e update;
