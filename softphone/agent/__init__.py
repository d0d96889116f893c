"""The agent workflow: drives the agent state machine from calls, wrap-up timer, notes autosave (issue 7)."""
