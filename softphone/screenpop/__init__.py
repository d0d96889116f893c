"""Caller identity, E.164 normalization and customer lookup with cache and hard timeout (issue 7).

Wiring (the composition root)::

    doc = provisioning document (GET /api/v1/provisioning)
    settings = settings_from_provisioning(doc, api_base=server_url)        # settings.py
    client = LookupClient(server_url, token=lambda: keyring_token,           # client.py (requests, TLS verified)
                          timeout_s=settings.timeout_s, verify=settings.verify_tls)
    service = ScreenPopService(hub, settings, client, open_url=webbrowser.open)   # service.py
    service.start() ... service.stop()

Modules: ``identity`` (pure: who is calling), ``crmurl`` (pure: the CRM page URL),
``cache`` (pure TTL/LRU), ``card`` (pure: what the card says per event), ``client`` (HTTP),
``service`` (the "screenpop" Worker that publishes CustomerLookupStarted / CustomerFound /
CustomerNotFound / CustomerLookupFailed).
"""
