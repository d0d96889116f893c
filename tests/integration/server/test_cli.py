"""``softphone-server`` init-db, create-user and seed as real subprocesses (serve is what
LiveServer runs for every other test here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import phonenumbers
from sqlalchemy import func, select

from server.db import Database
from server.models import Customer, CustomerPhone, DispositionCode, User
from server.security import verify_password

ROOT = Path(__file__).resolve().parents[3]


def run_cli(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server.cli", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "SOFTPHONE_SERVER_PASSWORD_PROFILE": "cheapest", **(env or {})})


def test_init_db_then_create_user(tmp_path: Path) -> None:
    init = run_cli(tmp_path, "init-db")
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "server.db").exists()
    key_file = tmp_path / "server_ed25519.pem"
    assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600
    made = run_cli(tmp_path, "create-user", "maria", "--role", "supervisor", "--team", "support",
                   "--sip-username", "2001", env={"SOFTPHONE_SERVER_PASSWORD": "s3cret-password"})
    assert made.returncode == 0, made.stderr
    assert "s3cret" not in made.stdout + made.stderr
    again = run_cli(tmp_path, "create-user", "maria", env={"SOFTPHONE_SERVER_PASSWORD": "s3cret-password"})
    assert again.returncode == 1 and "exists" in again.stderr
    short = run_cli(tmp_path, "create-user", "bob", env={"SOFTPHONE_SERVER_PASSWORD": "short"})
    assert short.returncode == 2 and "password" in short.stderr
    db = Database(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        with db.reading() as session:
            user = session.scalars(select(User).where(User.username == "maria")).one()
            assert user.role == "supervisor" and verify_password(user.password_hash, "s3cret-password")
            assert session.scalar(select(func.count()).select_from(DispositionCode)) >= 5
    finally:
        db.dispose()


def test_seed_makes_demo_users_and_realistic_customers(tmp_path: Path) -> None:
    seeded = run_cli(tmp_path, "seed", "--customers", "3000", "--password", "demo-password")
    assert seeded.returncode == 0, seeded.stderr
    assert "seeded 3000 customers" in seeded.stdout and "demo-password" not in seeded.stdout
    again = run_cli(tmp_path, "seed", "--customers", "500")  # adds customers; the demo users exist
    assert again.returncode == 0, again.stderr
    assert "password" not in again.stdout
    db = Database(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Customer)) == 3502  # + two demo customers
            numbers = session.scalars(select(CustomerPhone.number_e164)).all()
            regions = {phonenumbers.region_code_for_number(phonenumbers.parse(n)) for n in numbers}
            assert {"GR", "US", "GB", "DE"} <= regions
            shared = session.scalar(select(func.count()).select_from(
                select(CustomerPhone.number_e164).group_by(CustomerPhone.number_e164)
                .having(func.count(func.distinct(CustomerPhone.customer_id)) > 1).subquery()))
            assert shared and shared > 10
            assert {u.username for u in session.scalars(select(User))} >= {"admin", "sup1", "agent1"}
    finally:
        db.dispose()
