"""Reference central server (FastAPI): imports nothing from softphone but softphone.domain."""
