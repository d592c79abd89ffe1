package acs.sim;

/** What a new command on a node is given by the run's {@link Faults}: its fault, failing step and duration. */
record CommandPlan(CommandFault fault, String failStep, long durationMillis) {}
