"""pytest settings shared by the whole repository.

scripts/test runs pytest with pytest-odoo's --odoo-config/--odoo-database: pytest-odoo
loads Odoo and the test database, and nothing here changes that.

Without those options, e.g. ``python3 -m pytest tests/test_lib_interest.py``, the
plain tests of the pure functions run in seconds without any database: the addons
are made importable as ``odoo.addons.<addon>``, and pytest-odoo's session fixture
``load_registry`` (autouse) is replaced by one that loads nothing (pytest-odoo 2.3's
own one fails with an IndexError on Odoo 19 when no database is given).
"""

import os
import threading

import pytest

ROOT = os.path.dirname(os.path.abspath(__file__))


def _odoo_configured(config):
    return bool(
        config.getoption("--odoo-config", default=None)
        or config.getoption("--odoo-database", default=None)
        or os.environ.get("ODOO_RC")
        or os.environ.get("OPENERP_SERVER")
    )


def pytest_configure(config):
    if _odoo_configured(config):
        return  # pytest-odoo loads Odoo with the configured addons path
    try:
        import odoo.addons
    except ImportError:
        return
    if ROOT not in list(odoo.addons.__path__):
        odoo.addons.__path__.append(ROOT)


@pytest.fixture(scope="session", autouse=True)
def load_registry(request):
    """pytest-odoo's fixture of the same name, skipped when no database is given."""
    if not _odoo_configured(request.config):
        yield
        return
    import pytest_odoo

    import odoo.modules.registry

    threading.current_thread().testing = True
    with pytest_odoo._worker_db_name() as db_name:
        odoo.modules.registry.Registry(db_name)
        yield
