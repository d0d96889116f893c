"""Supervisor monitoring: PBX feature-code mode and peer-bridge mode (issue 9)."""
