"""How many documents and bank lines the Documents lists hold, for their status line (a search of
the documents' text is ranked, a page at a time: not counted)."""

from __future__ import annotations

from boclerk.i18n import ngettext


class DocumentCounts:
    """Mixed into the Documents screen: the views' ``count`` methods and their words."""

    def count_docs(self, uow):
        f = self.filters
        if f["search"]:
            return None
        from boclerk.services.documents.queries import count_documents

        produced = f["doc_type"] == "produced"
        return count_documents(uow, status=None if f["status"] in ("", "waiting") else f["status"],
                               waiting=f["status"] == "waiting", doc_type=None if produced else f["doc_type"] or None,
                               produced=produced or None)

    def count_lines(self, uow):
        from boclerk.services.documents.bank import count_queue

        return count_queue(uow, status=self.filters["lines"])

    def count_words(self, n: int, more: bool) -> str:
        shown = self.quantity(n)
        if self.view == "bank":
            if more:
                return ngettext("more than {n} bank line", "more than {n} bank lines", n).format(n=shown)
            return ngettext("{n} bank line", "{n} bank lines", n).format(n=shown)
        if more:
            return ngettext("more than {n} document", "more than {n} documents", n).format(n=shown)
        return ngettext("{n} document", "{n} documents", n).format(n=shown)
