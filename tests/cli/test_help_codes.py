"""The codes an option takes are typed in English in any language ("bank", "in_use"); Russian help
says what each one means beside it: «bank (банковский перевод), card (карта) или cash (наличные)».

Before, `boclerk order pay --help` in Russian read "bank, card или cash", and so did every option
whose help listed codes: a clerk who reads no English had to guess what "partially_received" or
"usn_vat7" stood for."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

#: A Latin word in a Russian help text: a code, unless it is part of a path, an option (--from),
#: a number (JE-...), a quoted value ('none') or a placeholder ("#id").
_LATIN = re.compile(r"(?<![\w/.:'\"«#-])([a-z][a-z0-9_]*(?:-[a-z0-9_]+)*)(?![\w/:@'\"»-])(?!\.\w)")
#: ... and what says it in words: a parenthesis right after it that holds a Russian word
_SAID = re.compile(r"\s\([^)]*[а-яёА-ЯЁ]")
#: A command one runs, as an example ("boclerk db backup"): its words are names, not codes.
_COMMAND = re.compile(r"\bboclerk(?: [a-z][\w-]*)*")
#: Latin words that are names in Russian too: programs and encodings, the output stream, the
#: columns a CSV file must have, a key of the config file.
NAMES = {"hledger", "ledger", "beancount", "cp1251", "stdout", "sku", "counted_qty", "open"}


def _russian_tree():
    import typer

    from boclerk.cli.app import build
    from boclerk.cli.words import translate
    from boclerk.i18n import use

    use("ru")
    cmd = typer.main.get_command(build())
    translate(cmd)
    return cmd


def _commands(cmd, path=("boclerk",)):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def bare_codes(cmd) -> list[tuple[str, str]]:
    """The Latin words of ``cmd``'s options' and arguments' Russian help said nowhere in words
    (beside them, or beside the same word in another of the command's options)."""
    helps = [(param, _COMMAND.sub("", param.help)) for param in cmd.params if param.help]
    said = {m.group(1) for _p, text in helps for m in _LATIN.finditer(text) if _SAID.match(text, m.end())}
    return [(param.opts[0], m.group(1)) for param, text in helps for m in _LATIN.finditer(text)
            if m.group(1) not in said and m.group(1) not in NAMES]


def test_every_code_an_option_takes_is_said_in_russian_words_beside_it():
    found = {" ".join(path): bare for path, cmd in _commands(_russian_tree()) if (bare := bare_codes(cmd))}
    assert found == {}


@pytest.mark.parametrize("help_text, bare", [
    ("bank, card или cash.", ["bank", "card", "cash"]),
    ("Как оплачено: bank (банковский перевод), card (карта) или cash.", ["cash"]),
    ("Как оплачено: bank (банковский перевод), card (карта) или cash (наличные).", []),
    ("Вид: upd (УПД) или zero (0 %).", ["zero"]),
    ("ДД.ММ.ГГГГ или 'none', чтобы снять запрет; JE-... или #id; data/demo.db; --from.", []),
    ("Резервная копия, сделанная командой boclerk db backup; выгрузка в hledger.", []),
])
def test_the_check_sees_a_code_left_bare(help_text, bare):
    import click

    cmd = click.Command("x", params=[click.Option(["--x"], help=help_text)])
    assert [word for _opt, word in bare_codes(cmd)] == bare


def _boclerk(*args, lang):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=lang, BOCLERK_CONFIG=os.devnull, COLUMNS="200", TERMINAL_WIDTH="200")
    return subprocess.run([sys.executable, "-m", "boclerk", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_order_pay_says_each_way_to_pay_in_russian_and_english(tmp_path):
    r = _boclerk("order", "pay", "--help", lang="ru_RU.UTF-8")
    assert r.returncode == 0, r.stderr
    text = " ".join(r.stdout.replace("│", " ").split())
    assert "bank (банковский перевод), card (карта) или cash (наличные)" in text, text
    r = _boclerk("order", "pay", "--help", lang="C.UTF-8")
    assert r.returncode == 0, r.stderr
    assert "How the money came: bank, card or cash." in " ".join(r.stdout.replace("│", " ").split())


def test_a_wrong_code_is_refused_in_russian_naming_the_codes(cli):
    """Bad input: a way to pay that does not exist is refused, in Russian, with the codes one may
    type, and nothing is asked or changed."""
    from boclerk.i18n import use

    use("ru")
    r = cli("order", "pay", "SO-2026-000001", "100", "-m", "банк", user="clerk")
    assert r.exit_code == 2, r.output
    assert r.stderr.strip() == ("«банк» — не способ оплаты; выберите bank (банковский перевод), card (карта) или "
                                "cash (наличные)."), r.stderr
    assert "Traceback" not in r.output


def test_every_value_a_command_takes_is_named_in_russian():
    """No "<str>", "<int range>", "<path>" (typer's names of types) and no parameter's own English
    name ("draft_id", "file") where a Russian reads what to type: each value is called by a word
    of the interface's language ("--limit ЧИСЛО", «{ЧЕРНОВИК}»)."""
    from boclerk.cli.words import name_values

    tree = _russian_tree()
    name_values(tree)
    english = {}
    for path, cmd in _commands(tree):
        for param in cmd.params:
            if getattr(param, "is_flag", False) or getattr(param, "count", False) or param.name == "help":
                continue
            word = param.metavar or ""
            if not re.search("[А-ЯЁ]", word) and word != "PATH|URL":  # the one a command gives itself
                english[f"{' '.join(path)} {param.opts[0] if param.opts else param.name}"] = word
    assert english == {}
