"""Launch the reference server (issue 6) the way ``servers.py`` expects: ``PORT <n>`` on stdout.

Makes a throw-away data folder (SQLite), the schema, the disposition catalog and the user
``agent1`` / ``pw-agent1``, binds 127.0.0.1 on a free port and serves until killed.

Once the server is merged into this tree::

    SOFTPHONE_SYNC_SERVER_CMD="python tests/integration/store_sync/reference_server.py" \\
        .venv/bin/python -m pytest tests/integration/store_sync

Run as a script (not ``-m``) so that ``PYTHONPATH`` can point at another checkout's ``server``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import tempfile


def main() -> int:
    os.environ.setdefault("SOFTPHONE_SERVER_PASSWORD_PROFILE", "cheapest")  # test users only
    import uvicorn

    from server.admin import create_user, ensure_catalog
    from server.app import create_app
    from server.config import load_settings
    from server.db import Database, migrate
    from server.keys import load_keys
    from server.schemas import UserIn

    # servers.py gives a folder it removes itself: uvicorn re-raises SIGTERM, so no cleanup runs here
    given = os.environ.get("SOFTPHONE_SYNC_SERVER_DATA")
    with contextlib.nullcontext(given) if given else tempfile.TemporaryDirectory(prefix="sync-server-") as data_dir:
        settings = load_settings(None, data_dir)
        migrate(settings.database_url)
        db = Database(settings.database_url)
        keys = load_keys(settings.private_key_path, settings.data_key_path)
        with db.writing() as session:
            ensure_catalog(session)
            create_user(session, keys, UserIn(username="agent1", password="pw-agent1", role="agent"))
        db.dispose()

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)  # connections wait in the backlog until uvicorn has started
        print(f"PORT {sock.getsockname()[1]}", flush=True)
        config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
        uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
