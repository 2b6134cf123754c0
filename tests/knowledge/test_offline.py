"""Nothing reaches the network: a build and a search with the network cut off."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from strategy_lsp.knowledge import KnowledgeBase


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def test_build_and_search_open_no_outside_connection(monkeypatch: pytest.MonkeyPatch,
                                                     cache_folder: Path) -> None:
    attempts: list[Any] = []
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if not _is_local(address):
            attempts.append(address)
            raise OSError("network is cut off in this test")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_local(address):
            attempts.append(address)
            return 101  # ENETUNREACH
        return original_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(host)
        raise socket.gaierror("name resolution is cut off in this test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    kb = KnowledgeBase()
    try:
        kb.build()
        assert kb.search("keltner", 1)[0].entry.key in {"KC_LOWER", "KC_UPPER"}
    finally:
        kb.close()
    assert attempts == []


SCRIPT = """
import os, sys
from strategy_lsp.knowledge import KnowledgeBase
kb = KnowledgeBase()
kb.build()
print(kb.search("bollinger lower band", 1)[0].entry.key)
kb.close()
"""


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="unshare -n is not permitted here")
def test_build_and_search_in_a_process_without_network(cache_folder: Path) -> None:
    result = subprocess.run(["unshare", "-n", sys.executable, "-c", SCRIPT],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "BB_LOWER"
    assert (cache_folder / "knowledge" / "index").is_dir()
