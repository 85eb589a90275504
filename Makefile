# account_recouvrement: the everyday commands. Each target calls a script in scripts/,
# which can also be run directly (see README.rst).

.PHONY: help run test lint odoo-test

help:
	@echo "make run        demo server on http://localhost:8069 (admin / admin), French company"
	@echo "make test       fresh test database + pytest (pytest-odoo, tours in headless Chromium)"
	@echo "make lint       ruff check, ruff format --check, pylint-odoo (OCA mandatory checks)"
	@echo "make odoo-test  Odoo's own runner: --test-enable --test-tags /ADDON,... (every addon of the suite)"

run:
	bash scripts/run

test:
	bash scripts/test

lint:
	bash scripts/lint

odoo-test:
	bash scripts/odoo-test
