"""The SIP engine: the only package (with audio/ and supervise/) that imports pjsua2.

``EngineThread`` owns the pjsua2 ``Endpoint`` and every pjsua2 object on one thread;
other threads talk to it with ``softphone.domain.commands`` and hear back through
``softphone.domain.events``.
"""
