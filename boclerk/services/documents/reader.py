"""Reading files in a process of their own: a file can crash its reader, never the intake.

Third-party parsers run on hostile bytes. Structural limits (:mod:`boclerk.formats.structure`)
stop the shapes known to hurt before a parser sees them, and this module contains what
they miss: :func:`prepare` hands the file to a reader process (``python -m
boclerk.services.documents.reader``) that runs :func:`vetting.prepare` and sends back what
it found. If the reader dies (a segmentation fault, running out of memory) or takes longer
than :data:`TIMEOUT` seconds, the file is refused with one sentence saying so and the next
file gets a fresh reader; the intake and every other file go on.

One reader serves the whole process, file after file (it starts once, not per file). It
reads its requests from its standard input and ends when that closes, so it never outlives
the process that started it, even one killed with SIGKILL. Replies are unpickled only into
boclerk's own classes and a few plain types.
"""

from __future__ import annotations

import io
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time

from boclerk.errors import BoclerkError, InvalidInput
from boclerk.i18n import _, language, use

TIMEOUT = 120.0  # seconds one file may take to read
_LENGTH = struct.Struct(">Q")
_MAX_REPLY = 1 << 31


class _Unpickler(pickle.Unpickler):
    _PLAIN = {("builtins", n) for n in ("list", "dict", "tuple", "set", "frozenset", "str", "bytes", "int", "bool",
                                        "float", "NoneType", "bytearray")}

    def find_class(self, module: str, name: str):
        if module.startswith("boclerk.") or module in ("datetime", "decimal", "copyreg", "collections") \
                or (module, name) in self._PLAIN:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a reader's reply")


def _send(stream, obj) -> None:
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(body)) + body)
    stream.flush()


def _read_exactly(stream, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class Reader:
    """One reader process, restarted after it dies."""

    def __init__(self, timeout: float = TIMEOUT, command: list[str] | None = None) -> None:
        self.timeout = timeout
        self.command = command or [sys.executable, "-m", "boclerk.services.documents.reader"]
        self._proc: subprocess.Popen | None = None
        self._pid = os.getpid()
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        if self._proc is not None and (self._pid != os.getpid() or self._proc.poll() is not None):
            self._proc = None  # a child of another process (after fork), or dead
        if self._proc is None:
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))  # boclerk as imported here
            self._proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True, env=env,
            )
            self._pid = os.getpid()
        return self._proc

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.kill()
        except OSError:
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
            if proc is not None and self._pid == os.getpid():
                try:
                    proc.stdin.close()  # the reader ends at the end of its input
                    proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    proc.kill()
                    proc.wait()
                proc.stdout.close()

    def prepare(self, name: str, data: bytes, doc_type: str | None, limits):
        """What :func:`vetting.prepare` makes of the file, or InvalidInput if reading it failed."""
        with self._lock:
            proc = self._start()
            try:
                _send(proc.stdin, (name, data, doc_type, limits, language()))  # refusals in the clerk's language
                reply = self._reply(proc, name)
            except (BrokenPipeError, EOFError, ConnectionError):
                reply = None
            if reply is None:
                code = proc.poll()
                if code is None:
                    proc.kill()
                    code = proc.wait()
                self._stop()
                raise InvalidInput(_("{name} could not be read: its reader {death}; boclerk refuses the file (it may be damaged or made to harm).").format(name=name, death=_death(code)))
        status, *rest = reply
        if status == "ok":
            prepared = rest[0]
            prepared.data = data  # the reply leaves out the bytes this process already has
            return prepared
        if status == "refused":
            raise _error_class(rest[0])(rest[1])
        raise InvalidInput(_("{name} could not be read ({rest}).").format(name=name, rest=rest[0]))

    def _reply(self, proc: subprocess.Popen, name: str):
        out = proc.stdout
        fd = out.fileno()
        deadline = time.monotonic() + self.timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            buffer = bytearray()
            need = _LENGTH.size
            length = None
            while True:
                while len(buffer) < need:
                    left = deadline - time.monotonic()
                    if left <= 0 or not sel.select(left):
                        self._stop()
                        raise InvalidInput(_("{name} took longer than {timeout:g} seconds to read; boclerk refuses it.").format(name=name, timeout=self.timeout))
                    chunk = os.read(fd, max(need - len(buffer), 1 << 16))
                    if not chunk:
                        return None
                    buffer += chunk
                if length is None:
                    length = _LENGTH.unpack(bytes(buffer[:_LENGTH.size]))[0]
                    if length > _MAX_REPLY:
                        return None
                    need = _LENGTH.size + length
                    continue
                return _Unpickler(io.BytesIO(bytes(buffer[_LENGTH.size:need]))).load()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return _("stopped with {name}").format(name=signal.Signals(-code).name)
        except ValueError:
            return _("stopped with signal {value}").format(value=-code)
    return _("stopped") if code is None else _("stopped with exit status {code}").format(code=code)


def _error_class(name: str) -> type:
    from boclerk import errors

    found = getattr(errors, name, None)
    return found if isinstance(found, type) and issubclass(found, BoclerkError) else InvalidInput


_SHARED: Reader | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Reader:
    """The process's reader (started on first use, ended with the process)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            import atexit

            _SHARED = Reader()
            atexit.register(_SHARED.close)
        return _SHARED


def prepare(name: str, data: bytes, doc_type: str | None, limits):
    """:func:`vetting.prepare` in the shared reader process."""
    return shared().prepare(name, data, doc_type, limits)


def _serve() -> None:
    """The reader's loop: a request on stdin, a reply on stdout, until stdin closes."""
    from boclerk.services.documents.vetting import prepare as vet

    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints must not mix with the replies
    while True:
        try:
            head = _read_exactly(requests, _LENGTH.size)
        except EOFError:
            return
        name, data, doc_type, limits, lang = pickle.loads(_read_exactly(requests, _LENGTH.unpack(head)[0]))
        use(lang)
        try:
            prepared = vet(name, data, doc_type, limits)
            prepared.data = b""  # the asking process has the file's bytes: sending them back costs their size twice
            reply = ("ok", prepared)
        except BoclerkError as exc:
            reply = ("refused", type(exc).__name__, exc.message)
        except RecursionError:
            reply = ("failed", _("it is nested too deeply"))
        except MemoryError:
            reply = ("failed", _("it needs more memory than boclerk gives a file"))
        except Exception as exc:  # noqa: BLE001 - any parser failure is this file's refusal
            reply = ("failed", type(exc).__name__)
        _send(replies, reply)


if __name__ == "__main__":
    _serve()
