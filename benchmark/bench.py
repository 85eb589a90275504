"""Benchmark of the dunning run and the XLSX export, side by side with OCA
account_credit_control, on one generated database; then our run again with
10 % of the invoices disputed and a few customers in receivership; then the
daily follow-up of the payment plans; then factoring batches.

Run by ``scripts/benchmark`` (which creates the database and installs the
modules); by hand::

    python3 benchmark/bench.py run -c .run/odoo.conf -d recouvrement_bench_1000 \\
        --invoices 1000 --json .run/bench/1000.json
    python3 benchmark/bench.py table .run/bench/*.json

Each measured phase runs in a fresh cursor and environment and ends with a
commit (included in the time). After the phases on the generated ledger, its
runs are deleted, ``generate.dispute`` opens disputes on 10 % of the
invoices and puts 2 % of the customers in receivership, and our first run and
same-day rerun are measured again on that ledger. Then the runs and disputes
are deleted again, and for each number of plans asked (``--plans``, default
one per ten invoices) ``generate.plans`` makes active payment plans up to that
number, and the daily follow-up of the plans (``recouvrement.plan.follow``,
the cron's step after the run) is measured, then again on the same day.
Last, for each number of documents asked (``--factoring``, default half the
invoices), ``generate.factoring`` puts every customer under a BPCE factoring
contract (once), and a batch of that many documents is made, its file
written and its transfer entry posted (``phase_factor``), then rolled back.
Figures per phase:

- wall time (``time.perf_counter``);
- SQL queries: the growth of ``odoo.sql_db.sql_counter`` (every
  ``cursor.execute`` of the process);
- peak memory: the growth of the process' resident set during the phase,
  i.e. ``VmHWM`` at the end minus ``VmRSS`` at the start, the high-water
  mark being reset before the phase through ``/proc/self/clear_refs``
  (Linux). No tracemalloc: it would slow Python down and skew the times.
"""

import argparse
import datetime
import gc
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

LEVELS = [  # (name, delay days, minimum interval days): the same 3 levels for both
    ("Relance 1", 10, 7),
    ("Relance 2", 25, 10),
    ("Relance 3", 40, 10),
]
XLSX_REPORT = "account_recouvrement_receivables.action_report_receivables_xlsx"
# one wkhtmltopdf process per letter: measured on at most that many letters
SINGLE_PRINT_MAX = 50
BENCH_FLAG = "recouvrement.benchmark.generated"


# ----------------------------------------------------------------------
# measuring
# ----------------------------------------------------------------------


def _status(field):
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


class Bench:
    def __init__(self, registry, log):
        self.registry = registry
        self.log = log
        self.results = {}

    def measure(self, name, func, commit=True):
        """Run ``func(env)`` in a new cursor; record time, queries, memory.
        Without ``commit``, the work is flushed (in the time), then rolled
        back (out of it): the next measure starts from the same ledger."""
        from odoo import SUPERUSER_ID, api, sql_db

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gc.collect()
            rss0 = _status("VmRSS")
            peak_ok = _reset_peak()
            queries0 = sql_db.sql_counter
            start = time.perf_counter()
            extra = func(env) or {}
            env.flush_all()
            if commit:
                cr.commit()
            seconds = time.perf_counter() - start
            queries = sql_db.sql_counter - queries0
            hwm = _status("VmHWM")
            if not commit:
                cr.rollback()
        peak = (hwm - rss0) if (peak_ok and hwm and rss0) else None
        result = {
            "seconds": round(seconds, 3),
            "queries": queries,
            "peak_mb": round(peak / 2**20, 1) if peak is not None else None,
            **extra,
        }
        self.results[name] = result
        self.log(
            f"  {name}: {seconds:.2f}s, {queries} queries, "
            f"peak +{result['peak_mb']} MB {extra or ''}"
        )
        return result


# ----------------------------------------------------------------------
# setup (not timed)
# ----------------------------------------------------------------------


def setup_policies(env):
    """The same 3-level policy for our module and for OCA's."""
    company = env.company
    policy = env["recouvrement.policy"].create(
        {
            "name": "Benchmark 3 levels",
            "company_id": company.id,
            "tolerance_amount": 1.0,
        }
    )
    env["recouvrement.level"].create(
        [
            {
                "policy_id": policy.id,
                "sequence": index,
                "name": name,
                "delay_days": delay,
                "min_interval_days": interval,
                "channel_email": True,
                # (a) creation only: nothing is sent by the run
                "review_needed": True,
            }
            for index, (name, delay, interval) in enumerate(LEVELS, start=1)
        ]
    )
    company.recouvrement_policy_id = policy

    if "credit.control.policy" in env:
        receivable = env["account.account"].search(
            [
                ("account_type", "=", "asset_receivable"),
                ("company_ids", "in", company.ids),
            ]
        )
        template = env.ref("account_credit_control.email_template_credit_control_base")
        peer = env["credit.control.policy"].create(
            {
                "name": "Benchmark 3 levels",
                "company_id": company.id,
                "account_ids": [(6, 0, receivable.ids)],
                "level_ids": [
                    (
                        0,
                        0,
                        {
                            "name": name,
                            "level": index,
                            "computation_mode": "net_days",
                            "delay_days": delay,
                            "email_template_id": template.id,
                            "channel": "email",
                            "custom_text": name,
                            "custom_mail_text": name,
                        },
                    )
                    for index, (name, delay, _interval) in enumerate(LEVELS, start=1)
                ],
            }
        )
        company.credit_policy_id = peer
        company.credit_control_tolerance = 1.0
    return policy


# ----------------------------------------------------------------------
# phases
# ----------------------------------------------------------------------


def phase_ours(date):
    def run(env):
        comms = env["recouvrement.run"]._run(date=date, companies=env.company)
        lines = env["recouvrement.communication.line"].search_count(
            [("communication_id", "in", comms.ids)]
        )
        return {"communications": len(comms), "lines": lines}

    return run


def _timed_pdf(env):
    """Patch the PDF rendering to time it apart; return the counters and the
    function that restores it."""
    report_cls = type(env["ir.actions.report"])
    original = report_cls._render_qweb_pdf
    spent = {"pdf": 0.0, "count": 0}

    def timed(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["pdf"] += time.perf_counter() - start
            spent["count"] += 1

    report_cls._render_qweb_pdf = timed

    def restore():
        report_cls._render_qweb_pdf = original

    return spent, restore


def _email_sample(env, count):
    """``count`` communications of the first run that go by email only, to
    customers with an email address (the others fall back to a letter)."""
    return env["recouvrement.communication"].search(
        [
            ("state", "=", "to_review"),
            ("use_email", "=", True),
            ("use_letter", "=", False),
            ("use_registered", "=", False),
            ("partner_id.email", "!=", False),
        ],
        order="id",
        limit=count,
    )


def phase_send(count, attach_letter=False):
    """Send ``count`` communications of the first run by email, by batches of
    the cron's size (``recouvrement.run._send_batch_size``, each flushed and
    the cache emptied as the cron's commit does), timing the PDF rendering
    apart: the letter in the email's body only, or (``attach_letter``) with
    its PDF attached as well, one rendering per email, as every email was
    sent before the level option existed. Rolled back afterwards."""

    def send(env):
        comms = _email_sample(env, count)
        comms.level_id.attach_letter = attach_letter
        size = env["recouvrement.run"]._send_batch_size()
        Send = env["recouvrement.communication.send"]
        spent, restore = _timed_pdf(env)
        sent = 0
        try:
            for start in range(0, len(comms), size):
                sent += len(Send._send_communications(comms[start : start + size]))
                env.flush_all()
                env.invalidate_all()
        finally:
            restore()
        mails = env["mail.mail"].search_count(
            [("model", "=", "recouvrement.communication"), ("res_id", "in", comms.ids)]
        )
        return {
            "sent": sent,
            "mails": mails,
            "pdfs": spent["count"],
            "pdf_seconds": round(spent["pdf"], 3),
        }

    return send


def _print_sample(env, sample):
    """``sample`` communications of the first run, made postal letters."""
    comms = env["recouvrement.communication"].search(
        [("state", "=", "to_review"), ("letter_printed", "=", False)],
        order="id",
        limit=sample,
    )
    comms.write({"use_letter": True, "use_email": False})
    return comms


def _pdf_pages(raw):
    import io

    from PyPDF2 import PdfReader

    return len(PdfReader(io.BytesIO(raw)).pages)


def phase_print(sample):
    """Print ``sample`` letters as one PDF (the day's print): one rendering,
    the pages of each letter found, the PDF stored. Rolled back afterwards."""

    def print_(env):
        comms = _print_sample(env, sample)
        spent, restore = _timed_pdf(env)
        try:
            batch = env["recouvrement.letter.batch"]._print(comms)
        finally:
            restore()
        raw = batch.attachment_id.raw
        return {
            "letters": len(comms),
            "pages": batch.page_count,
            "pdfs": spent["count"],
            "pdf_seconds": round(spent["pdf"], 3),
            "pdf_kb_per_page": round(len(raw) / 1024 / max(batch.page_count, 1), 1),
        }

    return print_


def phase_print_single(sample):
    """Render ``sample`` letters one PDF per letter, as sending them one by
    one does: the reference for the day's print. Rolled back afterwards."""

    def render(env):
        comms = _print_sample(env, sample)
        report = env["ir.actions.report"]
        pages = size = 0
        for comm in comms:
            raw, _kind = report._render_qweb_pdf(
                "account_recouvrement_base.action_report_recouvrement_letter", comm.ids
            )
            pages += _pdf_pages(raw)
            size += len(raw)
        comms.write({"letter_printed": True})
        return {
            "letters": len(comms),
            "pages": pages,
            "pdf_kb_per_page": round(size / 1024 / max(pages, 1), 1),
        }

    return render


def phase_follow(date):
    """The daily follow-up of the payment plans, timing the PDF rendering
    (notices of acceleration) apart."""

    def follow(env):
        spent, restore = _timed_pdf(env)
        try:
            result = env["recouvrement.plan.follow"]._follow(today=date)
        finally:
            restore()
        return {
            **{key: len(plans) for key, plans in result.items()},
            "pdfs": spent["count"],
            "pdf_seconds": round(spent["pdf"], 3),
        }

    return follow


def phase_factor(date, count):
    """A factoring batch of about ``count`` documents: the eligible ones
    added (up to the invoice date that gives that many), then confirmed —
    the factor's file written and checked against the ledger, the transfer
    entry posted and reconciled with every document, the invoices out of the
    dunning. Rolled back afterwards."""

    def transfer(env):
        from generate import FACTOR_CLIENT_CODE

        from odoo.tools import SQL

        contract = env["recouvrement.factor.contract"].search(
            [("client_code", "=", FACTOR_CLIENT_CODE)], limit=1
        )
        batch = env["recouvrement.factor.batch"].create(
            {"contract_id": contract.id, "date": date}
        )
        env.cr.execute(
            SQL(
                """SELECT invoice_date FROM account_move
                    WHERE id IN (%s)
                    ORDER BY invoice_date OFFSET %s LIMIT 1""",
                batch._eligible_sql(date),
                max(count - 1, 0),
            )
        )
        row = env.cr.fetchone()
        batch.action_add_eligible(date_to=row[0] if row else date)
        batch.action_confirm()
        return {
            "documents": batch.move_count,
            "file_bytes": batch.file_attachment_id.file_size,
            "entry_lines": len(batch.account_move_id.line_ids),
        }

    return transfer


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """An Odoo server on the benchmark database, in its own process group,
    for the measure's duration: ``options`` override the benchmark's
    configuration file (and ``sections`` add sections to it)."""

    def __init__(self, args, log, options=None, sections=None):
        import configparser
        import tempfile

        parser = configparser.ConfigParser()
        parser.read(args.config)
        self.port = _free_port()
        parser["options"].update(
            {
                "http_port": str(self.port),
                "http_interface": "127.0.0.1",
                "gevent_port": str(_free_port()),
                "db_name": args.db,
                "dbfilter": f"^{args.db}$",
                "max_cron_threads": "0",
                "log_level": "warn",
                **(options or {}),
            }
        )
        for name, values in (sections or {}).items():
            parser[name] = values
        self.tmp = tempfile.mkdtemp(prefix="bench-server-")
        self.conf = os.path.join(self.tmp, "odoo.conf")
        with open(self.conf, "w", encoding="utf-8") as handle:
            parser.write(handle)
        self.log_path = os.path.join(self.tmp, "server.log")
        self.log = log
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        import subprocess
        import urllib.request

        with open(self.log_path, "w", encoding="utf-8") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter
                [sys.executable, "-m", "odoo", "server", "-c", self.conf],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own server
                    f"{self.url}/web/health", timeout=5
                ):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise SystemExit(
                        f"the Odoo server did not start, see {self.log_path}"
                    ) from None
                time.sleep(1)

    def alive(self):
        return self.process.poll() is None

    def __exit__(self, *exc):
        import signal
        import subprocess

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        return False


def measure_queue_job(args, count, workers, log):
    """Send ``count`` email communications of the first run through
    account_recouvrement_queue_job: an Odoo server with ``workers`` worker
    processes and queue_job's job runner (``server_wide_modules``, channel
    ``root.recouvrement`` of capacity ``workers``) is started on the
    database, the sending is enqueued by batches (one job per batch of the
    cron's size) and committed, and the jobs are waited for. Reported: the
    wall time from the commit of the enqueuing to the last job done, and the
    jobs and communications done by each worker process (``worker_pid``).
    Committed: the communications stay sent (this is the last measure on
    the first run's communications)."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    server = OdooServer(
        args,
        log,
        options={
            "workers": str(workers),
            "server_wide_modules": "base,web,queue_job",
            "limit_time_real": "1800",
            "limit_time_cpu": "1800",
        },
        sections={
            "queue_job": {"channels": f"root:{workers},root.recouvrement:{workers}"}
        },
    )
    log(f"  queue_job: starting Odoo with {workers} workers on port {server.port}")
    with server:
        registry = Registry(args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            comms = _email_sample(env, count)
            comms.level_id.attach_letter = False
            cr.execute("SELECT coalesce(max(id), 0) FROM queue_job")
            last_before = cr.fetchone()[0]
            env["recouvrement.communication.send"]._enqueue_send(comms)
            env.flush_all()
            cr.commit()
            start = time.perf_counter()
            cr.execute(
                "SELECT id FROM queue_job WHERE id > %s AND channel = %s",
                (last_before, "root.recouvrement"),
            )
            job_ids = tuple(row[0] for row in cr.fetchall())
            comm_ids = tuple(comms.ids)
        log(
            f"  queue_job: {len(comm_ids)} communications enqueued as "
            f"{len(job_ids)} jobs"
        )
        deadline = time.monotonic() + 3600
        while True:
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FILTER (WHERE state NOT IN "
                    "('done', 'failed', 'cancelled')) FROM queue_job WHERE id IN %s",
                    (job_ids,),
                )
                left = cr.fetchone()[0]
            if not left:
                break
            if not server.alive() or time.monotonic() > deadline:
                raise SystemExit(f"the jobs did not finish, see {server.log_path}")
            time.sleep(0.5)
        seconds = time.perf_counter() - start
        with registry.cursor() as cr:
            cr.execute(
                """SELECT worker_pid, count(*), count(*) FILTER (WHERE state = 'done'),
                          sum(extract(epoch FROM date_done - date_started))
                     FROM queue_job WHERE id IN %s
                    GROUP BY worker_pid ORDER BY worker_pid""",
                (job_ids,),
            )
            per_worker = [
                {
                    "pid": pid,
                    "jobs": jobs,
                    "done": done,
                    "busy_seconds": round(float(busy or 0), 1),
                }
                for pid, jobs, done, busy in cr.fetchall()
            ]
            cr.execute(
                "SELECT count(*) FROM recouvrement_communication "
                "WHERE id IN %s AND state = 'sent'",
                (comm_ids,),
            )
            sent = cr.fetchone()[0]
            cr.execute(
                "SELECT extract(epoch FROM max(date_done) - min(date_started)) "
                "FROM queue_job WHERE id IN %s",
                (job_ids,),
            )
            span = cr.fetchone()[0]
    result = {
        "workers": workers,
        "communications": len(comm_ids),
        "sent": sent,
        "jobs": len(job_ids),
        "seconds": round(seconds, 2),
        "jobs_span_seconds": round(float(span or 0), 2),
        "per_worker": per_worker,
    }
    log(f"  queue_job: {result}")
    return result


def phase_peer(date):
    def run(env):
        policy = env.company.credit_policy_id
        run = env["credit.control.run"].create(
            {
                "date": date,
                "policy_ids": [(6, 0, policy.ids)],
                "company_id": env.company.id,
            }
        )
        run.generate_credit_lines()
        return {"lines": len(run.line_ids)}

    return run


def phase_xlsx(date, keep):
    def export(env):
        wizard = env["recouvrement.receivables.wizard"].create({"date": date})
        report = env["recouvrement.receivable.report"]
        options = wizard._get_report_options()
        report._normalize_options(options)
        data = {"receivables_options": report._serialize_options(options)}
        content, _fmt = env["ir.actions.report"]._render_xlsx(
            XLSX_REPORT, [], data=data
        )
        keep["content"] = content
        return {"bytes": len(content)}

    return export


def _xlsx_rows(content):
    """Rows of the 'Factures' sheet (header and totals excluded)."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return book.worksheets[0].max_row - 2


# ----------------------------------------------------------------------
# commands
# ----------------------------------------------------------------------


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            mem = round(int(info.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "ram_gb": mem,
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
    }


def _reset_runs(env, disputes=True):
    """Back to the generated data: forget every dunning run (ours and OCA's),
    and (``disputes``) the disputes and insolvency proceedings of the disputed
    case and the payment plans of the plans case. Only for benchmark
    databases, where communications, disputes and plans may be deleted."""
    cr = env.cr
    if disputes:
        cr.execute(
            "UPDATE account_move SET recouvrement_plan_id = NULL, "
            "recouvrement_acknowledgement_date = NULL WHERE id IN "
            "(SELECT move_id FROM recouvrement_plan_account_move_rel)"
        )
        cr.execute("DELETE FROM mail_activity WHERE res_model = 'recouvrement.plan'")
        cr.execute("DELETE FROM mail_followers WHERE res_model = 'recouvrement.plan'")
        cr.execute("DELETE FROM ir_attachment WHERE res_model = 'recouvrement.plan'")
        cr.execute("DELETE FROM mail_message WHERE model = 'recouvrement.plan'")
        cr.execute("DELETE FROM recouvrement_plan")  # their lines cascade
        cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'recouvrement.dispute' "
            "OR (res_model = 'res.partner' AND activity_type_id IN (SELECT res_id "
            "FROM ir_model_data WHERE module = 'account_recouvrement_dispute' "
            "AND name = 'mail_activity_type_recouvrement_claim'))"
        )
        cr.execute("DELETE FROM mail_message WHERE model = 'recouvrement.dispute'")
        cr.execute("DELETE FROM recouvrement_exclusion")
        cr.execute(
            "UPDATE account_move SET recouvrement_dispute_id = NULL, "
            "recouvrement_excluded = FALSE, recouvrement_exclusion_reason = NULL "
            "WHERE recouvrement_dispute_id IS NOT NULL OR recouvrement_excluded"
        )
        cr.execute("DELETE FROM recouvrement_dispute")
        cr.execute(
            "UPDATE res_partner SET recouvrement_insolvency_state = 'none', "
            "recouvrement_insolvency_date = NULL, recouvrement_bodacc_date = NULL, "
            "recouvrement_insolvency_administrator_id = NULL, "
            "recouvrement_claim_deadline = NULL "
            "WHERE recouvrement_insolvency_state != 'none'"
        )
    cr.execute(
        "DELETE FROM ir_attachment WHERE res_model = 'recouvrement.letter.batch'"
    )
    cr.execute("DELETE FROM recouvrement_letter_batch")
    cr.execute("DELETE FROM recouvrement_communication_line")
    cr.execute("DELETE FROM recouvrement_communication")
    cr.execute("DELETE FROM recouvrement_run_log")
    cr.execute(
        "UPDATE account_move SET recouvrement_level_id = NULL, "
        "recouvrement_last_date = NULL WHERE recouvrement_level_id IS NOT NULL "
        "OR recouvrement_last_date IS NOT NULL"
    )
    if "credit.control.run" in env:
        cr.execute("DELETE FROM credit_control_line")
        cr.execute("DELETE FROM credit_control_run")
    cr.commit()
    env.invalidate_all()


def _serve_report_assets(args, registry, log):
    """Start an Odoo server on the database for the measure's duration and
    point ``report.url`` at it: wkhtmltopdf fetches the reports' style sheets
    and fonts from it, as it does from the server in production (without it
    the letters render unstyled, lighter and faster than they are). Stopped,
    and ``report.url`` restored, when the benchmark ends."""
    import atexit

    from odoo import SUPERUSER_ID, api

    server = OdooServer(args, log).__enter__()
    log(f"[{args.db}] Odoo serving the report assets on {server.url}")
    with registry.cursor() as cr:
        params = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
        previous = params.get_param("report.url")
        params.set_param("report.url", server.url)

    def stop():
        with registry.cursor() as cr:
            params = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
            params.set_param("report.url", previous or False)
        server.__exit__(None, None, None)

    atexit.register(stop)
    return server


def cmd_run(args):
    from odoo import SUPERUSER_ID, api, fields
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.db, "--log-level", "warn"])
    registry = Registry(args.db)
    log = print
    out = {"size": args.invoices, "machine": machine(), "phases": {}}

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        out["postgresql"] = env.cr._cnx.server_version
        date = fields.Date.context_today(env["res.users"])
        generated = env["ir.config_parameter"].get_param(BENCH_FLAG)
        has_peer = "credit.control.run" in env
        has_xlsx = bool(env.ref(XLSX_REPORT, raise_if_not_found=False)) and (
            "recouvrement.receivables.wizard" in env
        )
        if generated:
            log(f"[{args.db}] data already generated: {generated}")
            out["data"] = json.loads(generated)
        else:
            customers = args.customers or max(10, args.invoices // 10)
            log(
                f"[{args.db}] generating {customers} customers, "
                f"{args.invoices} invoices"
            )
            from generate import generate

            out["data"] = generate(env, customers, args.invoices, date, log=log)
            setup_policies(env)
            env["ir.config_parameter"].set_param(BENCH_FLAG, json.dumps(out["data"]))
            cr.commit()
        if args.reset:
            _reset_runs(env)
        if (
            env["recouvrement.communication"].search_count([("date", "=", date)])
            or env["recouvrement.dispute"].search_count([])
            or env["recouvrement.plan"].search_count([])
        ):
            raise SystemExit(
                f"{args.db} already has today's dunning run or the disputes or "
                "plans of a previous measure: use --reset to measure again "
                "(scripts/benchmark --reuse does)."
            )
        cr.execute("SELECT count(*) FROM account_move_line")  # warm the cache a bit

    if args.assets_server:
        _serve_report_assets(args, registry, log)
    log(f"[{args.db}] measuring (run date {date}), each phase in a new process")
    phases = {}

    def phase(name, *extra):
        phases[name] = _phase_in_subprocess(args, name, date, *extra)

    phase("ours_first_run")
    phase("ours_rerun")
    # sending and printing the first run's communications: each measure
    # rolled back, so that each starts from the same communications
    sending = (
        args.sending
        if args.sending is not None
        else [phases["ours_first_run"]["communications"]]
    )
    sending = set(filter(None, sending))
    printing = set(filter(None, sending if args.printing is None else args.printing))
    out["sending"] = [
        {
            "communications": count,
            "emails": _phase_in_subprocess(args, "send_emails", date, str(count))
            if count in sending
            else None,
            "print": _phase_in_subprocess(args, "print_letters", date, str(count))
            if count in printing
            else None,
        }
        for count in sorted(sending | printing)
    ]
    if args.send_sample:
        out["reference"] = {
            "email_letter": _phase_in_subprocess(
                args, "send_emails_letter", date, str(args.send_sample)
            ),
            "print_single": _phase_in_subprocess(
                args, "print_single", date, str(min(args.send_sample, SINGLE_PRINT_MAX))
            ),
        }
    if args.queue_job:
        with registry.cursor() as cr:
            installed = api.Environment(cr, SUPERUSER_ID, {})[
                "ir.module.module"
            ].search_count(
                [
                    ("name", "=", "account_recouvrement_queue_job"),
                    ("state", "=", "installed"),
                ]
            )
        if installed:
            log(f"[{args.db}] sending {args.queue_job} emails through queue_job")
            out["queue_job"] = measure_queue_job(
                args, args.queue_job, args.workers, log
            )
        else:
            out["queue_job"] = {
                "skipped": "account_recouvrement_queue_job not installed"
            }
    if has_peer and args.invoices <= args.peer_max:
        phase("peer_run")
    else:
        out["peer_skipped"] = (
            "account_credit_control not installed"
            if not has_peer
            else f"skipped above {args.peer_max} invoices (--peer-max)"
        )
    if has_xlsx:
        phase("xlsx_export")
    else:
        out["xlsx_skipped"] = "not available (report xmlid missing)"

    # the disputed case: the same ledger, its runs forgotten, with disputes
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        _reset_runs(env, disputes=False)
        from generate import dispute

        log(f"[{args.db}] disputed case")
        out["disputed"] = dispute(env, date, log=log)
    phase("ours_disputed_run")
    phase("ours_disputed_rerun")
    out["phases"] = phases

    # the plans case: the same ledger, its runs and disputes forgotten, with
    # more and more active payment plans
    counts = args.plans if args.plans is not None else [max(args.invoices // 10, 1)]
    out["plans"] = []
    if any(counts):
        with registry.cursor() as cr:
            _reset_runs(api.Environment(cr, SUPERUSER_ID, {}))
    for count in sorted(filter(None, counts)):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            from generate import plans

            log(f"[{args.db}] payment plans case: {count} plans")
            made = plans(env, count, date, log=log)
            active = env["recouvrement.plan"].search_count([("state", "=", "active")])
        out["plans"].append(
            {
                "plans": count,
                "active": active,
                "made": made,
                "follow": _phase_in_subprocess(args, "plans_follow", date),
                "rerun": _phase_in_subprocess(args, "plans_follow", date),
            }
        )
    # the factoring case: batches of more and more documents, each measured
    # then rolled back, on the same ledger
    factor_counts = (
        args.factoring if args.factoring is not None else [max(args.invoices // 2, 1)]
    )
    out["factoring"] = []
    for count in sorted(filter(None, factor_counts)):
        log(f"[{args.db}] factoring case: a batch of {count} documents")
        out["factoring"].append(
            {
                "documents": count,
                "batch": _phase_in_subprocess(args, "factor_batch", date, str(count)),
            }
        )
    out["date"] = str(date)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(out, handle, indent=1, default=str)
    print_table([out])


def _times(ratio):
    """A ratio as "8.8×" below 10, "84×" above."""
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def _fmt_time(phase):
    return f"{phase['seconds']:.2f} s" if phase else "—"


def print_table(runs, file=sys.stdout):
    """One line per size: ours, the peer, the ratio, the export; then, when
    measured, a line for our run on the same ledger with disputes."""
    head = (
        "invoices",
        "comms",
        "ours 1st run",
        "ours rerun",
        "OCA run",
        "OCA/ours",
        "XLSX export",
    )

    def cell(phase):
        if not phase:
            return "—"
        return (
            f"{phase['seconds']:.2f} s / {phase['queries']} q / {phase['peak_mb']} MB"
        )

    rows = []
    notes = []
    for run in sorted(runs, key=lambda r: r["size"]):
        ph = run["phases"]
        ours = ph.get("ours_first_run")
        rerun = ph.get("ours_rerun")
        peer = ph.get("peer_run")
        xlsx = ph.get("xlsx_export")

        ratio = (
            f"{_times(peer['seconds'] / ours['seconds'])} time, "
            f"{_times(peer['queries'] / max(ours['queries'], 1))} queries"
            if peer and ours
            else run.get("peer_skipped", "—")
        )
        rows.append(
            (
                f"{run['size']:,}",
                str(ours.get("communications", "?")) if ours else "—",
                cell(ours),
                cell(rerun),
                cell(peer) if peer else run.get("peer_skipped", "—"),
                ratio,
                cell(xlsx) if xlsx else run.get("xlsx_skipped", "—"),
            )
        )
        disputed = ph.get("ours_disputed_run")
        if disputed:
            facts = run.get("disputed", {})
            rows.append(
                (
                    f"{run['size']:,} disputed",
                    str(disputed.get("communications", "?")),
                    cell(disputed),
                    cell(ph.get("ours_disputed_rerun")),
                    *("—",) * 3,
                )
            )
            notes.append(
                f"{run['size']:,} disputed: {facts.get('disputes', '?')} invoices "
                f"with an open dispute, {facts.get('insolvent', '?')} customers in "
                "receivership"
            )
    _print_grid(head, rows, file)
    print("cells: wall time / SQL queries / peak RSS growth", file=file)
    for note in notes:
        print(note, file=file)
    send_rows = [
        row
        for run in sorted(runs, key=lambda r: r["size"])
        for row in _send_print_rows(run)
    ]
    if send_rows:
        print(
            "\nSending and printing (per communication / letter; rolled back):",
            file=file,
        )
        _print_grid(SEND_PRINT_HEAD, send_rows, file)
    for run in sorted(runs, key=lambda r: r["size"]):
        if line := _queue_job_line(run):
            print("queue_job: " + line, file=file)
    plan_rows = [
        _plan_row(run["size"], case, cell)
        for run in sorted(runs, key=lambda r: r["size"])
        for case in sorted(run.get("plans") or (), key=lambda case: case["plans"])
    ]
    if plan_rows:
        print("\nDaily follow-up of the payment plans (after the run):", file=file)
        _print_grid(PLAN_HEAD, plan_rows, file)
    factor_rows = [
        _factor_row(run["size"], case, cell)
        for run in sorted(runs, key=lambda r: r["size"])
        for case in sorted(
            run.get("factoring") or (), key=lambda case: case["documents"]
        )
    ]
    if factor_rows:
        print(
            "\nFactoring: a batch's file written and its entry posted "
            "(rolled back after each measure):",
            file=file,
        )
        _print_grid(FACTOR_HEAD, factor_rows, file)
    if runs:
        m = runs[0]["machine"]
        print(
            f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, "
            f"Python {m['python']}, PostgreSQL {runs[0].get('postgresql')}",
            file=file,
        )


SEND_PRINT_HEAD = (
    "invoices",
    "emails / letters",
    "email, letter in body",
    "email + PDF letter",
    "speed-up",
    "day's print (one PDF)",
    "one PDF per letter",
    "speed-up",
)


def _per(phase, count_key):
    if not phase or not phase.get(count_key):
        return None
    return phase["seconds"] / phase[count_key], phase["queries"] / phase[count_key]


def _send_print_rows(run):
    """Per communication: sending by email, the letter in the body, and the
    reference (the PDF letter attached, on a sample); per letter: the day's
    print as one PDF, and the reference (one PDF per letter, on a sample);
    with the ratios, the queries and the PDF weight per page."""
    ref = run.get("reference") or {}
    letter = _per(ref.get("email_letter"), "sent")
    single = _per(ref.get("print_single"), "letters")

    def fmt(per, phase=None):
        if not per:
            return "—"
        text = f"{per[0] * 1000:.1f} ms / {per[1]:.1f} q"
        if phase and phase.get("pdf_kb_per_page"):
            text += f", {phase['pdf_kb_per_page']} KB/page"
        return text

    def ratio(slow, fast):
        return _times(slow[0] / fast[0]) if slow and fast and fast[0] else "—"

    rows = []
    for case in sorted(run.get("sending") or (), key=lambda c: c["communications"]):
        emails = _per(case.get("emails"), "sent")
        prints = _per(case.get("print"), "letters")
        rows.append(
            (
                f"{run['size']:,}",
                " / ".join(
                    f"{phase[key]:,}" if phase else "—"
                    for phase, key in (
                        (case.get("emails"), "sent"),
                        (case.get("print"), "letters"),
                    )
                ),
                fmt(emails),
                fmt(letter) + (f", n={ref['email_letter']['sent']}" if letter else ""),
                ratio(letter, emails),
                fmt(prints, case.get("print")),
                fmt(single, ref.get("print_single"))
                + (f", n={ref['print_single']['letters']}" if single else ""),
                ratio(single, prints),
            )
        )
    return rows


def _queue_job_line(run):
    job = run.get("queue_job")
    if not job or "per_worker" not in job:
        return None
    workers = ", ".join(
        f"pid {w['pid']}: {w['done']} jobs in {w['busy_seconds']} s"
        for w in job["per_worker"]
    )
    return (
        f"{run['size']:,} invoices: {job['sent']:,} emails sent by "
        f"{job['jobs']} jobs on {job['workers']} workers in {job['seconds']} s "
        f"(first start to last end {job['jobs_span_seconds']} s); {workers}"
    )


PLAN_HEAD = (
    "invoices",
    "active plans",
    "follow-up",
    "same-day follow-up",
    "acted on (PDF time)",
    "plans made",
)


def _plan_row(size, case, cell):
    follow = case.get("follow") or {}
    made = case.get("made") or {}
    acted = (
        f"{follow.get('notified', 0)} notices, {follow.get('reminded', 0)} "
        f"reminders, {follow.get('breached', 0)} breaches "
        f"({follow.get('pdf_seconds', 0):.2f} s)"
        if follow
        else "—"
    )
    return (
        f"{size:,}",
        f"{case.get('active', case['plans']):,}",
        cell(case.get("follow")),
        cell(case.get("rerun")),
        acted,
        f"{made.get('plans', 0):,} in {made.get('seconds', 0):.0f} s",
    )


FACTOR_HEAD = (
    "invoices",
    "documents in the batch",
    "add, file and entry",
    "file size",
    "entry lines",
)


def _factor_row(size, case, cell):
    batch = case.get("batch") or {}
    return (
        f"{size:,}",
        f"{batch.get('documents', case['documents']):,}",
        cell(batch),
        f"{batch.get('file_bytes', 0) / 2**20:.1f} MB",
        f"{batch.get('entry_lines', 0):,}",
    )


def _print_grid(head, rows, file):
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    print(sep, file=file)
    print(
        "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
        file=file,
    )
    print(sep.replace("-", "="), file=file)
    for row in rows:
        print(
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            + " |",
            file=file,
        )
        print(sep, file=file)


PHASES = {
    "ours_first_run": lambda date, arg: phase_ours(date),
    "ours_rerun": lambda date, arg: phase_ours(date),
    "ours_disputed_run": lambda date, arg: phase_ours(date),
    "ours_disputed_rerun": lambda date, arg: phase_ours(date),
    "send_emails": lambda date, arg: phase_send(int(arg)),
    "send_emails_letter": lambda date, arg: phase_send(int(arg), True),
    "print_letters": lambda date, arg: phase_print(int(arg)),
    "print_single": lambda date, arg: phase_print_single(int(arg)),
    "peer_run": lambda date, arg: phase_peer(date),
    "plans_follow": lambda date, arg: phase_follow(date),
    "factor_batch": lambda date, arg: phase_factor(date, int(arg)),
}
# measured, then rolled back
ROLLED_BACK = {
    "factor_batch",
    "send_emails",
    "send_emails_letter",
    "print_letters",
    "print_single",
}
RESULT_MARK = "BENCH-RESULT "


def _phase_in_subprocess(args, name, date, *extra):
    import subprocess

    command = [sys.executable, os.path.abspath(__file__), "phase", "-c", args.config]
    command += ["-d", args.db, "--date", str(date), name, *extra]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_MARK)]
    for line in proc.stdout.splitlines():
        if not line.startswith(RESULT_MARK):
            print(line)
    if proc.returncode or not lines:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"phase {name} failed (exit {proc.returncode})")
    return json.loads(lines[-1][len(RESULT_MARK) :])


def cmd_phase(args):
    """Measure one phase in this (new) process, print its result."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.db, "--log-level", "warn"])
    registry = Registry(args.db)
    date = datetime.date.fromisoformat(args.date)
    bench = Bench(registry, print)
    if args.name == "xlsx_export":
        keep = {}
        result = bench.measure(args.name, phase_xlsx(date, keep))
        result["rows"] = _xlsx_rows(keep.pop("content"))
        print(f"  xlsx_export: {result['rows']} invoice rows")
    else:
        if args.name == "factor_batch":
            from generate import factoring

            with registry.cursor() as cr:
                factoring(api.Environment(cr, SUPERUSER_ID, {}))
        result = bench.measure(
            args.name,
            PHASES[args.name](date, args.arg),
            commit=args.name not in ROLLED_BACK,
        )
    print(RESULT_MARK + json.dumps(result))


def cmd_table(args):
    runs = []
    for path in args.files:
        with open(path, encoding="utf-8") as handle:
            runs.append(json.load(handle))
    print_table(runs)


def _counts(text):
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"numbers separated by commas, not {text!r}"
        ) from None
    if any(count < 0 for count in counts):
        raise argparse.ArgumentTypeError(f"no negative number: {text!r}")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="generate (once) and measure one database")
    run.add_argument("-c", "--config", required=True)
    run.add_argument("-d", "--db", required=True)
    run.add_argument("--invoices", type=int, required=True)
    run.add_argument("--customers", type=int, help="default: invoices / 10")
    run.add_argument("--peer-max", type=int, default=10**9)
    run.add_argument(
        "--sending",
        type=_counts,
        help="numbers of the first run's communications sent by email (the "
        "letter in the body) and printed as one PDF, e.g. 1000,10000 (each "
        "rolled back; default: all of them; 0: none)",
    )
    run.add_argument(
        "--printing",
        type=_counts,
        help="numbers of letters printed as one PDF, when not those of --sending "
        "(e.g. 1000 to send 10,000 emails but print 1,000 letters only; 0: none)",
    )
    run.add_argument(
        "--send-sample",
        type=int,
        default=20,
        help="communications sent by email with the PDF letter attached, and "
        "(up to 50) letters rendered one PDF each: the references (default 20; "
        "0: none)",
    )
    run.add_argument(
        "--queue-job",
        type=int,
        default=0,
        help="communications sent by email through queue_job jobs, on a server "
        "started with --workers workers (account_recouvrement_queue_job must be "
        "installed; default 0: not measured)",
    )
    run.add_argument("--workers", type=int, default=2)
    run.add_argument(
        "--no-assets-server",
        dest="assets_server",
        action="store_false",
        help="do not start an Odoo server for wkhtmltopdf to fetch the reports' "
        "style sheets from (the letters then render unstyled)",
    )
    run.add_argument(
        "--plans",
        type=_counts,
        help="numbers of active payment plans at which the follow-up is measured, "
        "e.g. 1000,3000 (made one after the other on the same ledger; default: "
        "one per ten invoices; 0: none)",
    )
    run.add_argument(
        "--factoring",
        type=_counts,
        help="numbers of documents of the factoring batches measured, e.g. "
        "1000,10000 (each rolled back; default: half the invoices; 0: none)",
    )
    run.add_argument("--json")
    run.add_argument(
        "--reset",
        action="store_true",
        help="delete the runs already measured on this database first",
    )
    run.set_defaults(func=cmd_run)
    phase = sub.add_parser("phase", help="measure one phase (used by run)")
    phase.add_argument("-c", "--config", required=True)
    phase.add_argument("-d", "--db", required=True)
    phase.add_argument("--date", required=True)
    phase.add_argument("name", choices=[*PHASES, "xlsx_export"])
    phase.add_argument("arg", nargs="?")
    phase.set_defaults(func=cmd_phase)
    table = sub.add_parser("table", help="print the table of saved runs")
    table.add_argument("files", nargs="+")
    table.set_defaults(func=cmd_table)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
