"""The web workers' table of open connections (services/launcher/webserver.py): whose turn it is to
accept, dead workers ignored, and slots dealt again once their worker has exited."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from types import SimpleNamespace

from services.launcher.webserver import ConnectionTable


def _owner(exitcode: int | None) -> SimpleNamespace:
    return SimpleNamespace(process=SimpleNamespace(exitcode=exitcode))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_least_loaded_worker_has_the_turn_and_ties_share_it() -> None:
    table = ConnectionTable(2)
    mine, other = table.deal(_owner(None)), table.deal(_owner(None))
    table.claim(mine)
    table.cells[2 * other] = os.getppid()  # another live process
    table.publish(mine, 3)
    table.publish(other, 2)
    assert not table.my_turn(mine)
    table.publish(other, 3)
    assert table.my_turn(mine)
    table.publish(mine, 1)
    assert table.my_turn(mine)
    assert table.counts() == {os.getpid(): 1, os.getppid(): 3}


def test_a_dead_or_released_worker_never_holds_the_turn() -> None:
    table = ConnectionTable(2)
    mine, gone = table.deal(_owner(None)), table.deal(_owner(None))
    table.claim(mine)
    table.publish(mine, 5)
    table.cells[2 * gone], table.cells[2 * gone + 1] = _dead_pid(), 0  # killed with none open
    assert table.my_turn(mine)
    table.release(mine)
    assert table.counts() == {}


def test_slots_are_dealt_again_only_after_their_worker_exited() -> None:
    table = ConnectionTable(1)  # three slots
    first, second, third = _owner(None), _owner(None), _owner(None)
    assert [table.deal(first), table.deal(second), table.deal(third)] == [0, 1, 2]
    table.cells[3] = 7  # the second worker's count
    second.process.exitcode = -9  # killed
    assert table.deal(_owner(None)) == 1
    assert table.cells[3] == 0


def _worker(table: ConnectionTable, slot: int) -> None:
    table.claim(slot)
    table.publish(slot, 4)


def test_a_spawned_worker_writes_the_parents_cells_without_its_bookkeeping() -> None:
    table = ConnectionTable(1)
    slot = table.deal(_owner(None))
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_worker, args=(table, slot))
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert table.cells[2 * slot : 2 * slot + 2] == [child.pid, 4]
    assert table.__getstate__()["owners"] == [None] * table.slots  # the parent's Process objects stay home
