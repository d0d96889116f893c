"""Pure domain: events, commands, value types, the EventHub and thread ownership.

Imports only the standard library, so every other layer (engine process, app, UI,
reference server) can share these types.
"""
