"""The demo shop, built through the same services a clerk uses (not a use case itself)."""

#: the demo's name in each language it is built in; the app and ``boclerk demo --replace`` know the
#: demo by it (a shop that renamed itself is no longer the demo, and nothing replaces it)
DEMO_NAMES = {"en": "Demo Shop", "ru": "Демо-магазин"}


def demo_name(language: str | None) -> str:
    return DEMO_NAMES.get(language or "en", DEMO_NAMES["en"])


def is_demo_name(name: str | None) -> bool:
    return name in DEMO_NAMES.values()
