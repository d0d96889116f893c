"""Supervisor monitoring: PBX feature-code mode and peer-bridge mode (issue 9).

Modules:
- ``grant``: offline verification of the server's Ed25519 monitor grants (signature, agent,
  call, mode, expiry, issuer, nonce replay cache).
- ``bridge`` (engine thread, imports pjsua2): the agent side of peer-bridge mode inside the
  SIP engine (``EngineThread.monitor``): monitor INVITEs, silent answer or 403, conference
  wiring per mode, mode changes by re-INVITE, the session rules; and the supervisor side's
  re-INVITE with a new grant (``RenewMonitorGrant``).
- ``ports``: where the agent's microphone and ear are in the conference for each audio backend.
- ``client`` (app worker thread): the server's supervisor board and grant endpoints.
- ``console`` (app): the supervisor's start / switch / leave for both modes.
The pure rules (routes per mode, hold/end rules, PBX templates, provisioning, commands and
events) are in ``softphone.domain.monitor``.

Protocol (peer-bridge): the supervisor's phone calls the agent's SIP address with
``<monitor_policy.grant_header>: <grant>`` (default ``X-Monitor-Grant``). Any INVITE carrying
that header is a monitor call: it never rings. Valid grant -> 200 OK, wired per mode.
Anything else (empty header = no grant, malformed, bad signature, expired, replayed, another
agent, a call the phone does not have, another issuer, a mode the team does not allow) ->
403 with no SDP ever sent. A mode change is a re-INVITE in the monitor dialog with a new grant
for the same supervisor and call; an invalid one is rejected (pjsua answers it 488) and the
mode stays. A re-INVITE without the header (session refresh) keeps the mode.

Session rules: the session ends when the monitored call ends or is transferred (the agent's
phone sends BYE); while the agent holds the monitored call the supervisor hears the agent
only (and a whisper still reaches the agent); on resume the mode's routes come back; when the
customer holds the agent, the supervisor hears what the agent hears. A session is not cut when
its grant expires: ``exp`` bounds when a grant may be used (join or mode change), not how long.
While the agent mutes the customer, the supervisor still hears the agent (MIC->S): with whisper
that is a private word between agent and supervisor. The supervisor may
not REFER the monitor call (603). Grants name one call: a new call needs a new grant.
"""
