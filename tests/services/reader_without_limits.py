"""A document reader with the structural limits switched off, so that a file can really crash it.

Run as ``python -m tests.services.reader_without_limits``: the tests use it to show that a
parser dying with SIGSEGV (ofxtools on deeply nested OFX) costs one file, not the scan.
"""

from boclerk.formats import structure
from boclerk.services.documents.reader import _serve

structure.check_markup.__kwdefaults__["max_depth"] = 10**9

if __name__ == "__main__":
    _serve()
