"""The benchmark tooling (scripts/benchmark, benchmark/bench.py) without a
database: its help, its argument checks and the table it prints."""

import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmark"))

import bench  # noqa: E402

RUN = {
    "size": 10000,
    "postgresql": 150018,
    "machine": {"cpu": "CPU", "cores": 2, "ram_gb": 8, "python": "3.11"},
    "phases": {
        "ours_first_run": {
            "seconds": 2.0,
            "queries": 100,
            "peak_mb": 50.0,
            "communications": 900,
        },
        "ours_rerun": {"seconds": 0.2, "queries": 14, "peak_mb": 1.0},
        "peer_run": {"seconds": 60.0, "queries": 20000, "peak_mb": 80.0},
    },
    "xlsx_skipped": "not available (report xmlid missing)",
}


def test_table_shows_ratio_and_missing_export():
    out = io.StringIO()
    bench.print_table([RUN], file=out)
    text = out.getvalue()
    assert "10,000" in text
    assert "30× time, 200× queries" in text
    assert "not available" in text
    assert "2 cores" in text


def test_table_command_reads_saved_runs(tmp_path):
    saved = tmp_path / "10000.json"
    saved.write_text(json.dumps(RUN), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmark" / "bench.py"), "table", str(saved)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2.00 s / 100 q / 50.0 MB" in result.stdout


def test_script_help_and_bad_size():
    script = ROOT / "scripts" / "benchmark"
    help_text = subprocess.run(
        ["bash", str(script), "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--sizes" in help_text
    assert "--plans" in help_text
    bad = subprocess.run(
        ["bash", str(script), "--bogus"], capture_output=True, text=True, check=False
    )
    assert bad.returncode != 0
    assert "unknown argument" in bad.stderr


def test_ratio_below_ten_keeps_a_decimal():
    run = json.loads(json.dumps(RUN))
    run["phases"]["peer_run"]["seconds"] = 17.6
    out = io.StringIO()
    bench.print_table([run], file=out)
    assert "8.8× time, 200× queries" in out.getvalue()


def test_table_adds_the_disputed_row():
    run = json.loads(json.dumps(RUN))
    run["phases"]["ours_disputed_run"] = {
        "seconds": 1.9,
        "queries": 100,
        "peak_mb": 45.0,
        "communications": 880,
    }
    run["phases"]["ours_disputed_rerun"] = {
        "seconds": 0.2,
        "queries": 14,
        "peak_mb": 1.0,
    }
    run["disputed"] = {"disputes": 1000, "insolvent": 20, "seconds": 60.0}
    out = io.StringIO()
    bench.print_table([run], file=out)
    row = next(
        line for line in out.getvalue().splitlines() if "10,000 disputed" in line
    )
    assert "| 880 " in row
    assert "1.90 s / 100 q / 45.0 MB" in row
    assert "0.20 s / 14 q / 1.0 MB" in row
    assert "1000 invoices with an open dispute, 20 customers in receivership" in (
        out.getvalue()
    )


def test_table_adds_the_plans_rows():
    run = json.loads(json.dumps(RUN))
    follow = {
        "seconds": 3.1,
        "queries": 900,
        "peak_mb": 12.0,
        "done": 0,
        "notified": 10,
        "reminded": 10,
        "breached": 2,
        "pdfs": 2,
        "pdf_seconds": 2.4,
    }
    rerun = {
        "seconds": 0.05,
        "queries": 12,
        "peak_mb": 0.1,
        "done": 0,
        "notified": 0,
        "reminded": 0,
        "breached": 0,
        "pdfs": 0,
        "pdf_seconds": 0.0,
    }
    run["plans"] = [
        {
            "plans": 3000,
            "active": 2998,
            "made": {"plans": 2000, "seconds": 240.4},
            "follow": follow,
            "rerun": rerun,
        },
        {
            "plans": 1000,
            "active": 1000,
            "made": {"plans": 1000, "seconds": 120.0},
            "follow": follow,
            "rerun": rerun,
        },
    ]
    out = io.StringIO()
    bench.print_table([run], file=out)
    text = out.getvalue()
    assert "Daily follow-up of the payment plans" in text
    rows = [line for line in text.splitlines() if line.startswith("| 10,000 ")]
    # after the main table's row, one row per number of plans, in their order
    plan_rows = rows[1:]
    assert [row.split("|")[2].strip() for row in plan_rows] == ["1,000", "2,998"]
    assert "3.10 s / 900 q / 12.0 MB" in plan_rows[1]
    assert "0.05 s / 12 q / 0.1 MB" in plan_rows[1]
    assert "10 notices, 10 reminders, 2 breaches (2.40 s)" in plan_rows[1]
    assert "2,000 in 240 s" in plan_rows[1]


def test_table_adds_the_sending_and_printing_rows():
    run = json.loads(json.dumps(RUN))
    run["sending"] = [
        {
            "communications": 10000,
            "emails": {"seconds": 500.0, "queries": 350000, "sent": 10000},
            "print": {
                "seconds": 1500.0,
                "queries": 30000,
                "letters": 10000,
                "pdf_kb_per_page": 4.5,
            },
        },
        {
            "communications": 1000,
            "emails": {"seconds": 50.0, "queries": 35500, "sent": 1000},
            "print": {
                "seconds": 150.0,
                "queries": 4000,
                "letters": 1000,
                "pdf_kb_per_page": 5.0,
            },
        },
    ]
    run["reference"] = {
        "email_letter": {"seconds": 65.0, "queries": 4250, "sent": 50},
        "print_single": {
            "seconds": 60.0,
            "queries": 1900,
            "letters": 50,
            "pdf_kb_per_page": 36.9,
        },
    }
    run["queue_job"] = {
        "workers": 2,
        "communications": 1000,
        "sent": 1000,
        "jobs": 20,
        "seconds": 30.5,
        "jobs_span_seconds": 29.0,
        "per_worker": [
            {"pid": 11, "jobs": 10, "done": 10, "busy_seconds": 28.0},
            {"pid": 12, "jobs": 10, "done": 10, "busy_seconds": 27.5},
        ],
    }
    out = io.StringIO()
    bench.print_table([run], file=out)
    text = out.getvalue()
    assert "Sending and printing" in text
    rows = [line for line in text.splitlines() if line.startswith("| 10,000 ")][1:]
    # one row per number of communications, in their order
    cells = [[cell.strip() for cell in row.split("|")[1:-1]] for row in rows]
    assert cells == [
        [
            "10,000",
            "1,000 / 1,000",
            "50.0 ms / 35.5 q",
            "1300.0 ms / 85.0 q, n=50",
            "26×",
            "150.0 ms / 4.0 q, 5.0 KB/page",
            "1200.0 ms / 38.0 q, 36.9 KB/page, n=50",
            "8.0×",
        ],
        [
            "10,000",
            "10,000 / 10,000",
            "50.0 ms / 35.0 q",
            "1300.0 ms / 85.0 q, n=50",
            "26×",
            "150.0 ms / 3.0 q, 4.5 KB/page",
            "1200.0 ms / 38.0 q, 36.9 KB/page, n=50",
            "8.0×",
        ],
    ]
    assert (
        "queue_job: 10,000 invoices: 1,000 emails sent by 20 jobs on 2 workers in "
        "30.5 s (first start to last end 29.0 s); pid 11: 10 jobs in 28.0 s, "
        "pid 12: 10 jobs in 27.5 s"
    ) in text


def test_plans_argument_takes_numbers():
    assert bench._counts("1000,3000") == [1000, 3000]
    bad = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmark" / "bench.py"),
            "run",
            "-c",
            "none.conf",
            "-d",
            "none",
            "--invoices",
            "10",
            "--plans",
            "1000,many",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "numbers separated by commas" in bad.stderr


def test_generator_dispute_reasons_exist():
    """The reasons the generator gives its disputes are the addon's."""
    import generate

    data = (
        ROOT / "account_recouvrement_dispute" / "data" / "recouvrement_dispute_data.xml"
    ).read_text(encoding="utf-8")
    for code in generate.DISPUTE_REASONS:
        assert f'id="dispute_reason_{code}"' in data


def test_table_adds_the_factoring_rows():
    run = json.loads(json.dumps(RUN))
    run["factoring"] = [
        {
            "documents": 10000,
            "batch": {
                "seconds": 40.5,
                "queries": 300,
                "peak_mb": 90.0,
                "documents": 10012,
                "file_bytes": 2_773_324,
                "entry_lines": 10013,
            },
        },
        {
            "documents": 1000,
            "batch": {
                "seconds": 4.0,
                "queries": 250,
                "peak_mb": 9.0,
                "documents": 1003,
                "file_bytes": 278_631,
                "entry_lines": 1004,
            },
        },
    ]
    out = io.StringIO()
    bench.print_table([run], file=out)
    text = out.getvalue()
    assert "Factoring: a batch's file written and its entry posted" in text
    rows = [line for line in text.splitlines() if line.startswith("| 10,000 ")]
    factor_rows = rows[1:]
    assert [row.split("|")[2].strip() for row in factor_rows] == ["1,003", "10,012"]
    assert "40.50 s / 300 q / 90.0 MB" in factor_rows[1]
    assert "2.6 MB" in factor_rows[1]
    assert "10,013" in factor_rows[1]


def test_factoring_argument_and_siret_keys():
    import generate

    assert bench._counts("1000,10000") == [1000, 10000]
    help_text = subprocess.run(
        [sys.executable, str(ROOT / "benchmark" / "bench.py"), "run", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--factoring" in help_text
    siret = generate._luhn_complete(generate._luhn_complete("40000012") + "0001")
    assert siret == "40000012100014"
