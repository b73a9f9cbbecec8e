"""The workflow steps the service report times, as SQL over the audit trail and the records.

Each step is one ``SELECT`` giving, for every step done in the window (its end falls in it):
``event_id, record, step, channel, person, s_at, e_at`` (the ending audit event, the record,
the instants it began and ended). :mod:`boclerk.services.quality.store` keeps them in
``service_step`` from the events past a mark. The end is an audit
event (who did it is its actor) found through the index on ``at``; the beginning is the
record's own timestamp or an earlier audit event of the same record, found through the index
on (entity, entity_id). Only the first such end event of a record counts (a second partial
shipment does not start the clock again).
"""

from __future__ import annotations

_FIRST = ("NOT EXISTS (SELECT 1 FROM audit_event p WHERE p.entity = e.entity AND p.entity_id = e.entity_id "
          "AND p.action IN ({actions}) AND p.id < e.id)")


def _first(*actions: str) -> str:
    return _FIRST.format(actions=", ".join(f"'{a}'" for a in actions))


def _before(entity: str, action: str) -> str:
    """The first time ``action`` happened to the same record before the end event."""
    return (f"(SELECT MIN(b.at) FROM audit_event b WHERE b.entity = '{entity}' AND b.entity_id = e.entity_id "
            f"AND b.action || '' = '{action}' AND b.id < e.id)")  # through (entity, entity_id)


#: which end events a SELECT reads: a period (``e.at``), or the events past the mark (``e.id``)
_WINDOW = "{w}"
BY_TIME = "e.at >= :lo AND e.at < :hi"
BY_ID = "e.id > :mark AND e.id <= :top"

#: step name (a measure of :data:`boclerk.domain.quality.MEASURES`) -> its SELECT
STEPS: dict[str, str] = {
    "order_confirm": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'order_confirm' AS step, o.channel AS channel, e.actor AS person, o.created_at AS s_at, e.at AS e_at
        FROM audit_event e JOIN sales_order o ON o.number = e.entity_id
        WHERE {_WINDOW} AND e.action = 'order.confirm' AND e.entity = 'order'""",
    # from the confirmation, or from the first payment when the order was paid after it
    "order_ship": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'order_ship' AS step, o.channel AS channel, e.actor AS person,
               (SELECT MAX(f.at) FROM (SELECT MIN(b.at) AS at FROM audit_event b
                                       WHERE b.entity = 'order' AND b.entity_id = e.entity_id
                                         AND b.action IN ('order.confirm', 'order.pay') AND b.id < e.id
                                       GROUP BY b.action) f) AS s_at,
               e.at AS e_at
        FROM audit_event e JOIN sales_order o ON o.number = e.entity_id
        WHERE {_WINDOW} AND e.action = 'order.ship' AND e.entity = 'order' AND {_first('order.ship')}""",
    "order_deliver": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'order_deliver' AS step, o.channel, e.actor AS person, {_before('order', 'order.ship')} AS s_at,
               e.at AS e_at
        FROM audit_event e JOIN sales_order o ON o.number = e.entity_id
        WHERE {_WINDOW} AND e.action = 'order.deliver' AND e.entity = 'order'""",
    "po_receive": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'po_receive' AS step, '' AS channel, e.actor AS person, {_before('po', 'po.send')} AS s_at,
               e.at AS e_at
        FROM audit_event e
        WHERE {_WINDOW} AND e.action = 'po.receive' AND e.entity = 'po' AND {_first('po.receive')}""",
    "bill_approve": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'bill_approve' AS step, '' AS channel, e.actor AS person, b.created_at AS s_at, e.at AS e_at
        FROM audit_event e JOIN supplier_bill b ON b.number = e.entity_id
        WHERE {_WINDOW} AND e.action IN ('bill.approve', 'bill.reject') AND e.entity = 'bill'""",
    "bill_pay": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'bill_pay' AS step, '' AS channel, e.actor AS person, b.created_at AS s_at, e.at AS e_at
        FROM audit_event e JOIN supplier_bill b ON b.number = e.entity_id
        WHERE {_WINDOW} AND e.action = 'bill.pay' AND e.entity = 'bill' AND {_first('bill.pay')}""",
    "doc_review": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'doc_review' AS step, '' AS channel, e.actor AS person, d.created_at AS s_at, e.at AS e_at
        FROM audit_event e JOIN document d ON d.number = e.entity_id
        WHERE {_WINDOW} AND e.action = 'doc.status' AND e.entity = 'document' AND {_first('doc.status')}""",
    "doc_file": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'doc_file' AS step, '' AS channel, e.actor AS person, d.created_at AS s_at, e.at AS e_at
        FROM audit_event e JOIN document d ON d.number = e.entity_id
        WHERE {_WINDOW} AND e.action = 'doc.status' AND e.entity = 'document'
          AND e.after LIKE '%"status": "filed"%'
          AND NOT EXISTS (SELECT 1 FROM audit_event p WHERE p.entity = 'document' AND p.entity_id = e.entity_id
                          AND p.action = 'doc.status' AND p.after LIKE '%"status": "filed"%' AND p.id < e.id)""",
    "request_answer": f"""
        SELECT e.id AS event_id, e.entity_id AS record,
               'request_answer' AS step, '' AS channel, e.actor AS person, r.created_at AS s_at, e.at AS e_at
        FROM audit_event e JOIN supply_request r ON r.number = e.entity_id
        WHERE {_WINDOW} AND e.action IN ('request.approve', 'request.reject') AND e.entity = 'request'
          AND {_first('request.approve', 'request.reject')}""",
}

#: steps the records tell without an audit event (the statement's arrival, the clerk's decision on
#: a bank line): timed by the report from the records, never kept in ``service_step``
LIVE: dict[str, str] = {"bank_reconcile": """
        SELECT 'bank_reconcile' AS step, '' AS channel, l.decided_by AS person, d.created_at AS s_at,
               l.decided_at AS e_at
        FROM bank_line l JOIN document d ON d.id = l.statement_id
        WHERE l.decided_at >= :lo AND l.decided_at < :hi AND l.status IN ('confirmed', 'ignored')"""}

#: every step in the order of the report
ORDER = ["order_confirm", "order_ship", "order_deliver", "po_receive", "bill_approve", "bill_pay", "bank_reconcile",
         "doc_review", "doc_file", "request_answer"]


def step_sql(window: str) -> str:
    """Every audit-based step whose end event passes ``window`` (:data:`BY_TIME` or :data:`BY_ID`)."""
    return " UNION ALL ".join(f"SELECT * FROM ({sql.replace('{w}', window)}) s_{name}" for name, sql in STEPS.items())


#: rework: what had to be done again or undone, counted in the window
REWORK = {
    "orders_cancelled_after_confirmation":
        "e.action = 'order.cancel' AND e.before LIKE '%\"status\": \"confirmed\"%'",
    "returns": "e.action = 'order.return'",
    "entries_reversed": "e.action = 'entry.reverse'",
    "bills_rejected": "e.action = 'bill.reject'",
    "documents_refiled": "e.action = 'doc.status' AND e.before LIKE '%\"status\": \"filed\"%'",
}
