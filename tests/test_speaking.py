"""``speaking(language)`` makes what is said in one stretch of code (a refusal a service quotes in a
stored reason) the books' words, in that thread alone; the interface's words come back after it,
and other threads (the app's screen while a worker runs) keep speaking the interface language."""

from __future__ import annotations

import threading

from boclerk.i18n import _, ngettext, pgettext, speaking, use


def test_speaking_says_the_words_of_one_stretch_in_another_language():
    use("en")
    with speaking("ru"):
        assert (_("Customer"), pgettext("linked record", "supplier")) == ("Покупатель", "поставщик")
        assert ngettext("{n} partial", "{n} partial", 3).format(n=3) == "3 частичные"
        with speaking("en"):
            assert _("Customer") == "Customer"
        assert _("Customer") == "Покупатель"
    assert _("Customer") == "Customer"
    use("ru")
    with speaking("C.UTF-8"):  # anything but Russian is English
        assert _("Customer") == "Customer"
    assert _("Customer") == "Покупатель"


def test_another_thread_keeps_the_interface_language():
    use("en")
    inside, outside = threading.Event(), threading.Event()
    heard = []

    def worker() -> None:
        with speaking("ru"):
            inside.set()
            outside.wait(5)
            heard.append(_("Customer"))

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(5)
    heard.append(_("Customer"))  # while the worker speaks Russian
    outside.set()
    t.join(5)
    assert heard == ["Customer", "Покупатель"]
