"""Compile the catalogues while the package is built, so that an installed boclerk carries
``boclerk.mo`` files (named in pyproject.toml as setuptools' ``build_py``)."""

from __future__ import annotations

from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self) -> None:
        from boclerk.locale.catalogue import compile_all

        compile_all()
        super().run()
