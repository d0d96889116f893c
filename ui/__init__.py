"""PySide6 desktop UI: talks to the core only through commands and events."""
