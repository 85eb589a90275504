"""Benchmark data: customers and posted customer invoices on the French chart.

Fast by construction: invoices are created and posted by batches of
``BATCH`` (one ``create`` and one ``action_post`` per batch), and the
payments are batched too: one posted bank entry per batch holding one line
per paid invoice, matched to the invoices with ``_reconcile_plan``. The
ledger stays consistent (everything goes through the ORM's accounting
code); only the number of round-trips is reduced.

Shape of the data (reproducible: a fixed random seed):

- ``customers`` companies, 90 % with an email address;
- ``invoices`` posted ``out_invoice``, 1 line (70 %) or 2 lines of 1-5
  units at 20-2,000 EUR (VAT
  20 %), due dates spread uniformly over 400 days (370 days ago to 30 days
  ahead), invoice date 30 days before the due date, numbered in date order;
- 15 % of the invoices partly paid (20-80 %), 10 % fully paid.

``dispute`` then adds, for the disputed case of the benchmark: an open
dispute on 10 % of the invoices (chosen among the unpaid ones, the reasons
in turn) and 2 % of the customers in receivership (judgement 20 days ago).

``plans`` adds, for the payment plans case, active plans of 3 monthly
instalments, one per overdue open invoice never under a plan, by batches of
``BATCH`` (one ``create`` and one ``action_activate`` per batch). What the
follow-up of the run date finds among the plans of each call: ``PLAN_NOTICES``
instalments falling due within the notice days (courtesy emails),
``PLAN_REMINDERS`` late beyond the grace days (reminders), ``PLAN_BREACHES``
still late 1 day past the breach days after their reminder (breaches, each
with its notice of acceleration as a PDF), all of customers with an email
address; of the others, ``PLAN_LATE`` have
their first instalment late within the grace days, the rest fall due after
the notice days. Nothing is paid on the plans: the follow-up selects its
plans from the instalments' stored state, whatever was paid.
"""

import random
import time
from datetime import timedelta

from odoo import Command

BATCH = 1000
SEED = 20250601
DUE_SPREAD = (-370, 30)  # days relative to the run date
PARTLY_PAID = 0.15
FULLY_PAID = 0.10
EMAIL_RATIO = 0.9
DISPUTED = 0.10  # share of the invoices with an open dispute
INSOLVENT = 0.02  # share of the customers in receivership
MANDATAIRE = "SELARL Benchmark Mandataires judiciaires"
DISPUTE_REASONS = ("price", "quantity", "quality", "delivery", "not_received", "other")
PLAN_INSTALMENTS = 3
PLAN_NOTICES = 10  # per call of plans(): what the follow-up acts on
PLAN_REMINDERS = 10
PLAN_BREACHES = 2
PLAN_LATE = 0.10  # share of the other plans late within the grace days
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generate(env, customers, invoices, today, log=print):
    """Create the data in ``env`` (committing after each batch)."""
    # no chatter messages, followers nor tracking for the generated records
    env = env(context=dict(env.context, **QUIET))
    rnd = random.Random(SEED)
    company = env.company
    france = env.ref("base.fr")
    t0 = time.perf_counter()

    partner_vals = [
        {
            "name": f"Client bench {i:06d}",
            "is_company": True,
            "email": f"compta{i}@client{i}.example.com"
            if rnd.random() < EMAIL_RATIO
            else False,
            "street": f"{rnd.randint(1, 200)} rue de la République",
            "zip": f"{rnd.randint(10, 95):02d}000",
            "city": "Ville",
            "country_id": france.id,
        }
        for i in range(customers)
    ]
    partner_ids = []
    for chunk in _chunks(partner_vals, BATCH):
        partner_ids += env["res.partner"].create(chunk).ids
    env.cr.commit()
    log(f"  {customers} customers in {time.perf_counter() - t0:.1f}s")

    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    income = journal.default_account_id
    tax = company.account_sale_tax_id
    specs = []
    for _ in range(invoices):
        due = today + timedelta(days=rnd.randint(*DUE_SPREAD))
        specs.append(
            {
                "partner": rnd.choice(partner_ids),
                "due": due,
                "date": due - timedelta(days=30),
                "lines": [
                    (rnd.randint(1, 5), round(rnd.uniform(20, 2000), 2))
                    for _ in range(1 if rnd.random() < 0.7 else 2)
                ],
            }
        )
    specs.sort(key=lambda spec: spec["date"])  # numbered in date order

    t1 = time.perf_counter()
    move_ids = []
    for number, chunk in enumerate(_chunks(specs, BATCH), start=1):
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": spec["partner"],
                    "invoice_date": spec["date"],
                    "date": spec["date"],
                    "invoice_date_due": spec["due"],
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation de service",
                                "quantity": qty,
                                "price_unit": price,
                                "account_id": income.id,
                                "tax_ids": [Command.set(tax.ids)],
                            }
                        )
                        for qty, price in spec["lines"]
                    ],
                }
                for spec in chunk
            ]
        )
        moves.action_post()
        move_ids += moves.ids
        env.cr.commit()
        env.invalidate_all()
        if number % 10 == 0 or number * BATCH >= invoices:
            log(f"  {len(move_ids)} invoices posted ({time.perf_counter() - t1:.0f}s)")

    t2 = time.perf_counter()
    paid = _pay(env, rnd, move_ids, today)
    log(f"  {paid} payments reconciled in {time.perf_counter() - t2:.1f}s")
    return {
        "customers": customers,
        "invoices": len(move_ids),
        "payments": paid,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def _pay(env, rnd, move_ids, today):
    """Partial and full payments, one posted bank entry per batch."""
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    chosen = []
    for move_id in move_ids:
        draw = rnd.random()
        if draw < FULLY_PAID:
            chosen.append((move_id, None))
        elif draw < FULLY_PAID + PARTLY_PAID:
            chosen.append((move_id, rnd.uniform(0.2, 0.8)))
    count = 0
    for chunk in _chunks(chosen, BATCH):
        moves = env["account.move"].browse([move_id for move_id, _ in chunk])
        receivables = {
            line.move_id.id: line
            for line in moves.line_ids
            if line.account_id.account_type == "asset_receivable"
        }
        lines, plan_lines, total = [], [], 0.0
        for move_id, ratio in chunk:
            recv = receivables[move_id]
            amount = recv.amount_residual
            if ratio is not None:
                amount = recv.currency_id.round(amount * ratio)
            total += amount
            lines.append(
                Command.create(
                    {
                        "name": f"Règlement {recv.move_id.name}",
                        "account_id": recv.account_id.id,
                        "partner_id": recv.partner_id.id,
                        "credit": amount,
                    }
                )
            )
            plan_lines.append(recv)
        lines.append(
            Command.create(
                {
                    "name": "Remise de règlements",
                    "account_id": bank.default_account_id.id,
                    "debit": env.company.currency_id.round(total),
                }
            )
        )
        entry = env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": bank.id,
                "date": today,
                "line_ids": lines,
            }
        )
        entry.action_post()
        credits = entry.line_ids.filtered("credit").sorted("id")
        env["account.move.line"]._reconcile_plan(
            [recv + credit for recv, credit in zip(plan_lines, credits, strict=True)]
        )
        count += len(chunk)
        env.cr.commit()
        env.invalidate_all()
    return count


def dispute(env, today, log=print):
    """Open disputes on ``DISPUTED`` of the invoices and put ``INSOLVENT`` of
    the customers in receivership, by batches through the ORM (committing
    after each)."""
    env = env(context=dict(env.context, **QUIET))
    rnd = random.Random(SEED + 12)
    t0 = time.perf_counter()
    env.cr.execute(
        """SELECT count(*) FROM account_move
            WHERE move_type = 'out_invoice' AND state = 'posted'
              AND NOT COALESCE(recouvrement_is_charge, FALSE)"""
    )
    wanted = round(env.cr.fetchone()[0] * DISPUTED)
    env.cr.execute(
        """SELECT id FROM account_move
            WHERE move_type = 'out_invoice' AND state = 'posted'
              AND NOT COALESCE(recouvrement_is_charge, FALSE)
              AND payment_state NOT IN ('paid', 'in_payment', 'reversed')
              AND recouvrement_dispute_id IS NULL
            ORDER BY id"""
    )
    open_ids = [row[0] for row in env.cr.fetchall()]
    chosen = sorted(rnd.sample(open_ids, min(wanted, len(open_ids))))
    reasons = [
        env.ref(f"account_recouvrement_dispute.dispute_reason_{code}").id
        for code in DISPUTE_REASONS
    ]
    owner = env.ref("base.user_admin")
    count = 0
    for chunk in _chunks(chosen, BATCH):
        env["recouvrement.dispute"].create(
            [
                {
                    "move_id": move_id,
                    "reason_id": reasons[(count + index) % len(reasons)],
                    "user_id": owner.id,
                    "description": "Contestation générée pour le benchmark",
                }
                for index, move_id in enumerate(chunk)
            ]
        )
        count += len(chunk)
        env.cr.commit()
        env.invalidate_all()
    log(f"  {count} disputes opened in {time.perf_counter() - t0:.1f}s")

    t1 = time.perf_counter()
    customers = env["res.partner"].search(
        [
            ("name", "=like", "Client bench %"),
            ("recouvrement_insolvency_state", "=", "none"),
        ],
        order="id",
    )
    insolvent = env["res.partner"].browse(
        sorted(rnd.sample(customers.ids, max(1, round(len(customers) * INSOLVENT))))
    )
    partners = env["res.partner"]
    mandataire = partners.search([("name", "=", MANDATAIRE)], limit=1)
    mandataire = mandataire or partners.create(
        {
            "name": MANDATAIRE,
            "is_company": True,
            "street": "5 quai Jules Courmont",
            "zip": "69002",
            "city": "Lyon",
            "country_id": env.ref("base.fr").id,
        }
    )
    insolvent.write(
        {
            "recouvrement_insolvency_state": "receivership",
            "recouvrement_insolvency_date": today - timedelta(days=20),
            "recouvrement_bodacc_date": today - timedelta(days=10),
            "recouvrement_insolvency_administrator_id": mandataire.id,
        }
    )
    env.cr.commit()
    log(
        f"  {len(insolvent)} customers in receivership in "
        f"{time.perf_counter() - t1:.1f}s"
    )
    return {
        "disputes": count,
        "insolvent": len(insolvent),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def plans(env, count, today, log=print):
    """Make active payment plans until ``count`` were made in all, each on one
    overdue open invoice never under a plan (fewer when there are not enough),
    signed before ``today``; by batches through the ORM, committing after
    each. See the module's docstring for what the follow-up finds."""
    env = env(context=dict(env.context, **QUIET))
    Plan = env["recouvrement.plan"].with_context(active_test=False)
    made = Plan.search_count([])
    wanted = max(count - made, 0)
    rnd = random.Random(SEED + 11 + made)
    t0 = time.perf_counter()
    env.cr.execute(
        """SELECT move.id, COALESCE(customer.email, '') != ''
             FROM account_move move
             JOIN res_partner customer ON customer.id = move.commercial_partner_id
            WHERE move.move_type = 'out_invoice' AND move.state = 'posted'
              AND NOT COALESCE(move.recouvrement_is_charge, FALSE)
              AND move.payment_state IN ('not_paid', 'partial')
              AND move.invoice_date_due < %s
              AND move.recouvrement_dispute_id IS NULL
              AND move.id NOT IN
                  (SELECT move_id FROM recouvrement_plan_account_move_rel)
            ORDER BY move.id""",
        [today],
    )
    has_email = dict(env.cr.fetchall())
    if len(has_email) < wanted:
        log(f"  only {len(has_email)} invoices left for the {wanted} plans wanted")
    chosen = sorted(rnd.sample(sorted(has_email), min(wanted, len(has_email))))
    # the plans acted on first, of customers with an email address: each gets
    # its email (a customer without one gets a note), the same work each time
    acted = [move_id for move_id in chosen if has_email[move_id]][
        : PLAN_NOTICES + PLAN_REMINDERS + PLAN_BREACHES
    ]
    chosen = acted + sorted(set(chosen) - set(acted))
    company = env.company
    notice_days = company.recouvrement_plan_notice_days
    breach_days = company.recouvrement_plan_breach_days
    grace = Plan.default_get(["grace_days"])["grace_days"]
    owner = env.ref("base.user_admin")
    breaching = []
    vals_list = []
    for index, move_id in enumerate(chosen):
        if index < PLAN_NOTICES:  # due within the notice days
            first = today + timedelta(days=1 + index % max(notice_days, 1))
        elif index < PLAN_NOTICES + PLAN_REMINDERS:  # late beyond the grace
            first = today - timedelta(days=grace + 1 + index % 5)
        elif index < PLAN_NOTICES + PLAN_REMINDERS + PLAN_BREACHES:
            # reminded (below) 1 day past the breach days; the next instalment
            # a month later, after the notice days
            first = today - timedelta(days=grace + breach_days + 2)
            breaching.append(move_id)
        elif rnd.random() < PLAN_LATE:  # late within the grace
            first = today - timedelta(days=rnd.randint(1, grace))
        else:  # falls due after the notice days
            first = today + timedelta(days=notice_days + 1 + rnd.randint(0, 27))
        signed = min(first, today) - timedelta(days=rnd.randint(1, 20))
        vals_list.append(
            {
                "move_ids": [Command.set([move_id])],
                "date": signed,
                "signed_date": signed,
                "installment_count": PLAN_INSTALMENTS,
                "interval": "month",
                "first_date": first,
                "user_id": owner.id,
            }
        )
    for chunk in _chunks(vals_list, BATCH):
        Plan.create(chunk).action_activate()
        env.cr.commit()
        env.invalidate_all()
        log(f"  {made + len(chunk)} plans made ({time.perf_counter() - t0:.0f}s)")
        made += len(chunk)
    # their first instalment reminded long enough ago to breach the plan today
    lines = env["recouvrement.plan.line"].search(
        [("plan_id.move_ids", "in", breaching), ("sequence", "=", 1)]
    )
    lines.write(
        {
            "reminder_state": "reminder",
            "reminder_date": today - timedelta(days=breach_days + 1),
        }
    )
    env.cr.commit()
    log(f"  {len(chosen)} payment plans made in {time.perf_counter() - t0:.1f}s")
    return {
        "plans": len(chosen),
        "notices": min(len(chosen), PLAN_NOTICES),
        "reminders": min(max(len(chosen) - PLAN_NOTICES, 0), PLAN_REMINDERS),
        "breaches": len(breaching),
        "seconds": round(time.perf_counter() - t0, 1),
    }


FACTOR_CLIENT_CODE = "BENCH-FACTOR"


def _luhn_complete(digits):
    """``digits`` followed by the check digit that makes it Luhn-valid (the
    key of a SIREN and of a SIRET)."""
    for key in "0123456789":
        number = digits + key
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise ValueError(digits)


def factoring(env, log=print):
    """For the factoring case, once: a BPCE factoring contract, every
    generated customer under it with a valid SIRET (written in one UPDATE:
    l10n_fr_siret checks them one by one on write)."""
    env = env(context=dict(env.context, **QUIET))
    Contract = env["recouvrement.factor.contract"]
    contract = Contract.search([("client_code", "=", FACTOR_CLIENT_CODE)], limit=1)
    if contract:
        return {"contract": contract.id}
    t0 = time.perf_counter()
    factor = env["res.partner"].create(
        {"name": "BPCE Factor (benchmark)", "is_company": True}
    )
    contract = Contract.create(
        {
            "name": "Benchmark factoring contract",
            "factor_partner_id": factor.id,
            "client_code": FACTOR_CLIENT_CODE,
            "file_format": "bpce",
            "commission_rate": 0.5,
            "reserve_rate": 10.0,
        }
    )
    customers = env["res.partner"].search([("name", "=like", "Client bench %")])
    values = [
        (partner_id, _luhn_complete(_luhn_complete(f"{40000000 + index:08d}") + "0001"))
        for index, partner_id in enumerate(customers.ids)
    ]
    for chunk in _chunks(values, BATCH):
        env.cr.execute(
            "UPDATE res_partner SET company_registry = v.siret "
            "FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::varchar[]) AS siret) v "
            "WHERE res_partner.id = v.id",
            [[row[0] for row in chunk], [row[1] for row in chunk]],
        )
    env.invalidate_all()
    customers.write({"recouvrement_factor_contract_id": contract.id})
    env.cr.commit()
    log(
        f"  factoring contract for {len(customers)} customers in "
        f"{time.perf_counter() - t0:.1f}s"
    )
    return {"contract": contract.id, "customers": len(customers)}
