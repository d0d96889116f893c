"""The agent workflow: drives the agent state machine from calls, wrap-up timer, notes autosave (issue 7).

Wiring (the composition root)::

    policy = policy_from_provisioning(doc)                        # workflow.py
    workflow = AgentWorkflow(hub, policy, report=outbox_enqueue_agent_state, send=store_submit)
    workflow.start(); workflow.set_ready() / set_not_ready(code)  # at login, from the UI
    workflow.notes.recover()                                      # drafts left by a crash, at start-up
    catalog = catalog_from_provisioning(doc["disposition_catalog"])   # catalog.py; search_catalog(...)

The pure state machine is ``softphone.domain.agent_state``.
"""
