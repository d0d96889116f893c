"""Caller identity, E.164 normalization and customer lookup with cache and hard timeout (issue 7)."""
