"""The one family of errors a clerk may see.

Every refusal in boclerk is a subclass of :class:`BoclerkError` whose message is a
sentence a clerk understands. Faces map the class to an exit code (CLI) or a toast
(TUI); nothing below a face prints anything.
"""

from __future__ import annotations


class BoclerkError(Exception):
    """Base of every expected refusal. ``exit_code`` follows DESIGN.md section 6."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Refused(BoclerkError):
    """A business rule says no (exit 1)."""

    exit_code = 1


class InvalidInput(BoclerkError):
    """The input is malformed or unusable (exit 2)."""

    exit_code = 2


class NotPermitted(BoclerkError):
    """The acting user may not do this (exit 3)."""

    exit_code = 3


class NotFound(BoclerkError):
    """A record named by the user does not exist (exit 4)."""

    exit_code = 4


class ConcurrentChange(Refused):
    """Someone else changed the record since it was read (optimistic locking), or saved a
    clashing one a moment before (a uniqueness race)."""


class WriteConflict(ConcurrentChange):
    """The database gave this transaction up in favour of a concurrent one (PostgreSQL's
    serialization failure or deadlock): running it again from the start may succeed."""


class DatabaseUnavailable(BoclerkError):
    """The database cannot be reached, opened or used as it is (exit 2)."""

    exit_code = 2


class PartnerArchived(Refused):
    """Nothing new is started with an archived customer or supplier. The sentence says so in words;
    ``side`` (customer, supplier) and ``code`` let each face add its own way of restoring them: the
    command line its ``customer restore`` command, the app the partner card's restore key."""

    def __init__(self, message: str, side: str, code: str) -> None:
        super().__init__(message)
        self.side, self.code = side, code


class ProductArchived(Refused):
    """An archived product is not bought again. The sentence says so in words; ``sku`` lets each face
    add its own way of restoring it: the command line its ``product restore`` command, the app the
    product card's restore key."""

    def __init__(self, message: str, sku: str) -> None:
        super().__init__(message)
        self.sku = sku


class CompanyDetailsMissing(Refused):
    """A document needs details of the company that are not set yet. The sentence names them in
    words; ``fields`` names them as the company's record does (tax_id, bik ...), so that each face
    adds its own way of setting them: the command line its ``company set`` options, the app its
    Company details form. ``may_set`` says whether the person refused may set them (the rule book's
    Company details act); who may not is pointed to an administrator instead."""

    def __init__(self, message: str, fields: tuple[str, ...], may_set: bool = True) -> None:
        super().__init__(message)
        self.fields, self.may_set = tuple(fields), may_set
