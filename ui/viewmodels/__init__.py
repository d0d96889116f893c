"""View models: plain Python reducers from domain events to view state (no Qt)."""
