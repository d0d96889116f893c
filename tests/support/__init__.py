"""Reusable test support (real servers started and stopped by the suite)."""
