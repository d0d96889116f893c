"""``softphone-server`` command: serve, init-db, seed, create-user.

Settings come from flags, else the environment (``SOFTPHONE_SERVER_DB``,
``SOFTPHONE_SERVER_DATA``), else defaults (a SQLite file in the user data directory).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time

from pydantic import ValidationError

from server.config import Settings, load_settings
from server.db import Database, migrate
from server.errors import ApiError, describe_validation
from server.keys import load_keys


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.database_url, args.data_dir)


def cmd_init_db(args: argparse.Namespace) -> int:
    settings = _settings(args)
    migrate(settings.database_url)
    load_keys(settings.private_key_path, settings.data_key_path)
    db = Database(settings.database_url)
    try:
        from server.admin import ensure_catalog

        with db.writing() as session:
            ensure_catalog(session)
    finally:
        db.dispose()
    print(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    settings = _settings(args)
    if not args.no_migrate:
        migrate(settings.database_url)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.workers > 1:  # each worker process builds its app from the environment
        os.environ["SOFTPHONE_SERVER_DB"] = settings.database_url
        os.environ["SOFTPHONE_SERVER_DATA"] = str(settings.data_dir)
        uvicorn.run("server.app:app_from_env", factory=True, workers=args.workers, host=args.host, port=args.port,
                    log_level=args.log_level, access_log=args.access_log)
    else:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level,
                    access_log=args.access_log)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from server.seed import next_seed, seed_customers, seed_demo

    settings = _settings(args)
    migrate(settings.database_url)
    db = Database(settings.database_url)
    try:
        keys = load_keys(settings.private_key_path, settings.data_key_path)
        given = os.environ.get("SOFTPHONE_SERVER_DEMO_PASSWORD") or args.password
        if not args.customers_only:
            password = seed_demo(db, keys, given)
            if password and not given:  # made up here: the only time anyone sees it
                print(f"demo users admin, sup1, sup2, agent1, agent2, agent3; password: {password}")
        seed = args.seed if args.seed is not None else next_seed(db)
        started = time.perf_counter()
        count = seed_customers(db, args.customers, seed=seed,
                               progress=lambda n: print(f"  {n} customers", file=sys.stderr) if n % 200_000 == 0
                               else None)
        print(f"seeded {count} customers in {time.perf_counter() - started:.1f} s")
    finally:
        db.dispose()
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from server.admin import create_user
    from server.schemas import SipAccountIn, UserIn

    settings = _settings(args)
    migrate(settings.database_url)
    password = os.environ.get("SOFTPHONE_SERVER_PASSWORD") or getpass.getpass(f"password for {args.username}: ")
    db = Database(settings.database_url)
    try:
        sip = None
        if args.sip_username:
            sip = SipAccountIn(username=args.sip_username, domain=args.sip_domain,
                               password=os.environ.get("SOFTPHONE_SERVER_SIP_PASSWORD"),
                               registrar=args.registrar, extension=args.extension or args.sip_username)
        body = UserIn(username=args.username, password=password, role=args.role,
                      display_name=args.display_name or "", teams=args.team or [], sip_account=sip)
        with db.writing() as session:
            user = create_user(session, load_keys(settings.private_key_path, settings.data_key_path), body)
            print(f"created {user.role} {user.username} (id {user.id})")
    except ValidationError as exc:
        print(f"invalid: {describe_validation(exc)}", file=sys.stderr)
        return 2
    except ApiError as exc:
        print(exc.detail, file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="softphone-server", description="the softphone's central server")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: SQLite in the data directory)")
    parser.add_argument("--data-dir", help="directory of the SQLite file and the server's keys")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--access-log", action="store_true")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL; SQLite: keep 1)")
    serve.add_argument("--no-migrate", action="store_true", help="do not upgrade the schema at start")
    serve.set_defaults(func=cmd_serve)

    init = sub.add_parser("init-db", help="create or upgrade the schema (alembic) and the server keys")
    init.set_defaults(func=cmd_init_db)

    seed = sub.add_parser("seed", help="demo users, teams, catalog and N generated customers")
    seed.add_argument("--customers", type=int, default=1000)
    seed.add_argument("--seed", type=int, help="random seed (the same seed, the same customers; default: new ones)")
    seed.add_argument("--password", help="demo users' password (or SOFTPHONE_SERVER_DEMO_PASSWORD)")
    seed.add_argument("--customers-only", action="store_true")
    seed.set_defaults(func=cmd_seed)

    user = sub.add_parser("create-user", help="add a user (password from SOFTPHONE_SERVER_PASSWORD or a prompt)")
    user.add_argument("username")
    user.add_argument("--role", choices=("agent", "supervisor", "admin"), default="agent")
    user.add_argument("--display-name")
    user.add_argument("--team", action="append", help="team name (repeatable); created if missing")
    user.add_argument("--sip-username")
    user.add_argument("--sip-domain", default="127.0.0.1")
    user.add_argument("--registrar", default="")
    user.add_argument("--extension")
    user.set_defaults(func=cmd_create_user)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
