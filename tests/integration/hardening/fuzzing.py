"""Feeding mutated SIP to a live engine, keeping the last inputs so a crash leaves a regression file."""

from __future__ import annotations

import collections
import hashlib
import random
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.torture import send_tcp, send_udp
from tests.torture.corpus import REGRESSIONS
from tests.torture.mutate import mutate


class Feeder:
    def __init__(self, udp_port: int, tcp_port: int, alive: Callable[[], bool], keep: int = 64) -> None:
        self.udp_port, self.tcp_port, self.alive = udp_port, tcp_port, alive
        self.recent: collections.deque[tuple[str, bytes]] = collections.deque(maxlen=keep)
        self.sent = 0

    def send(self, data: bytes, transport: str = "udp") -> None:
        self.recent.append((transport, data))
        if transport == "tcp":
            send_tcp(data, self.tcp_port, close_after_s=0.01)
        else:
            send_udp(data, self.udp_port, wait_s=0)
        self.sent += 1

    def mutated(self, base: bytes, seed: int, rounds: int) -> bytes:
        rng = random.Random(seed)
        data = base
        for _ in range(rounds):
            data = mutate(data, rng)
        return data[:65_000]

    def save_crash(self, directory: Path = REGRESSIONS) -> list[Path]:
        """The inputs sent just before the engine died, one file each (replayed by the suite)."""
        directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        saved = []
        for index, (transport, data) in enumerate(self.recent):
            digest = hashlib.sha256(data).hexdigest()[:12]
            path = directory / f"crash-{stamp}-{index:02d}-{transport}-{digest}.bin"
            path.write_bytes(data)
            saved.append(path)
        return saved


def transport_of(name: str) -> str:
    return "tcp" if "-tcp-" in name else "udp"
