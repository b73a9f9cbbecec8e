"""The picture of the demo shop's build in progress (``boclerk --demo`` on a fresh folder), at 80x24."""

from __future__ import annotations

import sys
from pathlib import Path

from boclerk.tui.app import BoclerkApp
from boclerk.tui.demo_build import DemoBuildScreen, PendingShop


def test_the_build_in_progress(snap_compare):
    # a builder that says nothing: the steps are given to the screen here, so the picture is fixed
    quiet = [sys.executable, "-c", "import time; time.sleep(120)"]
    app = BoclerkApp(None, "admin", building=PendingShop(Path("data/demo.db"), lambda: None, command=quiet))

    async def steps(pilot) -> None:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DemoBuildScreen)
        for stage, done, total in (("creating the database", 1, 1), ("products, customers and suppliers", 1, 1),
                                   ("simulating days", 61, 183)):
            screen.step(stage, done, total)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=steps)
