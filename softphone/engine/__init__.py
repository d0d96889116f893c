"""The media engine process: spawn, pipe protocol, supervision, restart (issue 3)."""
