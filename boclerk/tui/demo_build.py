"""The demo shop being built: the app opens on this screen at once and goes to Home when the shop
is ready.

The shop is built by ``boclerk demo --progress-lines`` in a process of its own (so the screen
stays quick while the build works), which writes one line per step: ``stage<TAB>done<TAB>total``.
The database is opened only once that process has finished well and its ``.building`` marker is
gone; a build stopped half way (ctrl+q here, a kill, a crash) leaves the marker, and the next
``boclerk --demo`` builds the shop again instead of opening half of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from boclerk.i18n import N_, _

BAR = 24


@dataclass(frozen=True)
class PendingShop:
    """A demo shop to build at ``path`` before the app shows it; ``open`` opens its database then."""

    path: Path
    open: Callable[[], Any]
    command: Sequence[str] | None = None  # the builder (default: ``boclerk demo --progress-lines``)


def build_command(path: Path) -> list[str]:
    """The command that builds the demo shop at ``path``, reporting its steps on stdout."""
    return [sys.executable, "-m", "boclerk", "--db", str(path), "demo", "--progress-lines"]


def bar(done: int, total: int, width: int = BAR) -> str:
    filled = width * done // total if total > 0 else width
    return "█" * filled + "░" * (width - filled)


class DemoBuildScreen(Screen):
    """Stages of the build, each with its bar; Home follows when the shop is ready."""

    HELP = N_("The demo shop is being built in a process of its own: six months of a home-goods store, "
              "its orders, purchases, books, documents and office. The app opens on Home when it is ready. "
              "ctrl+q stops the build; the next boclerk --demo builds it again from the start.")
    BINDINGS = [Binding("ctrl+q", "app.quit", N_("Quit"), id="build.quit", priority=True)]
    DEFAULT_CSS = """
    DemoBuildScreen { align: center middle; }
    DemoBuildScreen > Vertical { width: 72; height: auto; border: round $primary; padding: 1 2; }
    DemoBuildScreen #build-title { text-style: bold; margin-bottom: 1; }
    DemoBuildScreen #build-stages { height: auto; }
    DemoBuildScreen #build-note { margin-top: 1; color: $text-muted; }
    DemoBuildScreen #build-error { margin-top: 1; color: $error; display: none; }
    """

    def __init__(self, path: Path, *, command: Sequence[str] | None = None,
                 done: Callable[[], None] | None = None) -> None:
        super().__init__(id="demo-build")
        self.path = path
        self.command = list(command) if command is not None else build_command(path)
        self.done = done
        self.stages: dict[str, tuple[int, int]] = {}
        self.proc: subprocess.Popen | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Building the demo shop at {place}").format(place=self.path), id="build-title")
            yield Static(_("starting…"), id="build-stages")
            yield Static(_("The app opens on Home when the shop is built (once; about a minute). "
                           "ctrl+q stops the build."), id="build-note")
            yield Static("", id="build-error")

    def on_mount(self) -> None:
        self.run_worker(self._build, thread=True, group="demo-build", exit_on_error=False)

    def _build(self) -> None:
        """Run the builder and pass its steps to the screen (in a thread of the app)."""
        try:
            self.proc = proc = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                stdin=subprocess.DEVNULL, text=True, env={**os.environ})
        except OSError as exc:
            self.app.call_from_thread(self.failed, str(exc))
            return
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                self.app.call_from_thread(self.step, parts[0], int(parts[1]), int(parts[2]))
        said = proc.stderr.read()
        code = proc.wait()
        marker = self.path.with_name(self.path.name + ".building")
        if code == 0 and self.path.exists() and not marker.exists():
            self.app.call_from_thread(self.finished)
        elif code < 0:  # stopped from outside (the app quitting): nothing to show
            return
        else:
            last = [line for line in said.strip().splitlines() if line.strip()]
            self.app.call_from_thread(self.failed, last[-1] if last else _("exit code {code}").format(code=code))

    def step(self, stage: str, done: int, total: int) -> None:
        self.stages[stage] = (done, total)
        lines = []
        for name, (d, t) in self.stages.items():
            if d >= t:
                lines.append(f"✓ {name}")
            else:
                lines.append(f"  {name:<26.26} {bar(d, t)} {d}/{t}")
        self.query_one("#build-stages", Static).update("\n".join(lines))

    def finished(self) -> None:
        if self.done is not None:
            self.done()

    def failed(self, why: str) -> None:
        error = self.query_one("#build-error", Static)
        error.update(_("The demo shop could not be built: {why}").format(why=why))
        error.display = True

    def stop(self) -> None:
        """Stop a build still running (the app is quitting): its marker stays, so it is built again."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()

    def on_unmount(self) -> None:
        self.stop()
