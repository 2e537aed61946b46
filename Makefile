# izlem — the two commands: `make demo` (run the product with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test drills bench load lint check messages translations migrations-check install install-test install-bench system-deps browser screenshots clean lock

# Installs come from the lock files (exact versions, hash-checked; `make lock` refreshes them), then izlem
# itself without resolving anything again.
$(STAMP): pyproject.toml requirements/demo.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements/demo.txt
	$(PIP) install --quiet --no-deps -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements/test.txt
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	touch $(TEST_STAMP)

## lock: re-resolve the dependencies of pyproject.toml into requirements/demo.txt and requirements/test.txt
## (pip-tools, with hashes); run it after changing a dependency and commit both files; LOCK_ARGS=--upgrade
## moves every pin to the newest release
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(PIP) install --quiet pip-tools
	$(LOCK) $(LOCK_ARGS) -o requirements/demo.txt pyproject.toml
	$(LOCK) $(LOCK_ARGS) --extra test -o requirements/test.txt pyproject.toml

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PIP) install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

install: $(STAMP)
install-test: $(TEST_STAMP)
install-bench: $(BENCH_STAMP)

## system-deps: Debian packages the product needs (gettext for translations, fonts and Pango for PDFs)
system-deps:
	@command -v msgfmt >/dev/null && fc-list 2>/dev/null | grep -qi dejavu || \
	  { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 >/dev/null) \
	    || echo "Install gettext, fonts-dejavu-core, libpango-1.0-0 and libpangoft2-1.0-0 with apt-get."; }

## browser: Debian's chromium for the browser tests (playwright cannot download its own here) and
## axe-core (accessibility checker, test-only, pinned in tests/browser/package-lock.json) from npm
browser:
	@{ [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null; } || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium poppler-utils >/dev/null) \
	  || echo "Install chromium and poppler-utils with apt-get to run the browser tests."; }
	@[ -f tests/browser/node_modules/axe-core/axe.min.js ] || { command -v npm >/dev/null \
	  && npm ci --prefix tests/browser --no-audit --no-fund --silent \
	  || echo "Install npm (apt-get install npm) so the browser tests can check accessibility with axe-core."; }

## screenshots: run the browser journeys and save the README screenshots in docs/images/screens/
screenshots: browser $(TEST_STAMP) messages
	IZLEM_SCREENSHOTS=$(CURDIR)/docs/images/screens $(PY) -m pytest -q tests/browser

## messages: compile the Turkish translations (locale/tr)
messages: $(STAMP)
	IZLEM_DEMO=1 $(VENV)/bin/izlem compilemessages -l tr --ignore=.venv --ignore=var

## translations: refresh locale/tr/LC_MESSAGES/django.po from the sources (file-only locations, so that parallel
## branches conflict less); fill the new empty msgstr entries, then `make messages`
translations: $(STAMP)
	IZLEM_DEMO=1 $(VENV)/bin/izlem makemessages -l tr --add-location=file --no-obsolete --ignore=.venv --ignore=var --ignore=tests/browser/node_modules

## demo: install, build demo data on SQLite and serve on http://127.0.0.1:8000
demo: system-deps $(STAMP) messages
	PYTHONUNBUFFERED=1 $(VENV)/bin/izlem demo $(DEMO_ARGS)

## test: install the test tools and run the whole suite (DATABASE_URL selects PostgreSQL), spread over
## TEST_PROCS processes (one per core by default; TEST_PROCS=0 runs in this process)
TEST_PROCS ?= auto
test: system-deps browser $(TEST_STAMP) messages
	$(PY) -m pytest -q -n $(TEST_PROCS)

## drills: the slow crash drills (SIGKILL at random moments during imports; docs/security.md)
drills: $(TEST_STAMP)
	$(PY) -m pytest -q -m drill -s tests/security

## bench: benchmarks into docs/performance.md, each a ratio to a baseline of the same run (BENCH_TIER=province|national,
## DATABASE_URL for PostgreSQL; without it the province scripts share one throw-away SQLite file). The 100,000-value
## bulk upload builds its own database (BENCH_OWN_DATABASE_URL to run it on an empty PostgreSQL database).
BENCH_TIER ?= province
BENCH_SQLITE := $(CURDIR)/var/bench/province.sqlite3
bench: $(BENCH_STAMP)
	mkdir -p var/bench && rm -f $(BENCH_SQLITE) $(BENCH_SQLITE)-wal $(BENCH_SQLITE)-shm
	SQLITE_PATH=$(BENCH_SQLITE) BENCH_TIER=$(BENCH_TIER) $(PY) benchmarks/scale.py
	SQLITE_PATH=$(BENCH_SQLITE) $(PY) benchmarks/api_list.py
	SQLITE_PATH=$(BENCH_SQLITE) $(PY) benchmarks/consolidation.py
	SQLITE_PATH=$(BENCH_SQLITE) $(PY) benchmarks/value_export.py
	$(PY) benchmarks/bulk_upload.py
	rm -f $(BENCH_SQLITE) $(BENCH_SQLITE)-wal $(BENCH_SQLITE)-shm

## load: the deadline-day load test (locust; gunicorn + db_worker on 127.0.0.1; a throw-away PostgreSQL database made
## with createdb, then SQLite in WAL mode) into docs/performance.md; LOAD_ARGS e.g. --users 10,20,40 --seconds 60
LOAD_ARGS ?=
load: $(BENCH_STAMP)
	$(PY) benchmarks/load/run.py $(LOAD_ARGS)

## lint: ruff, and the layers of the apps (import-linter's contract in pyproject.toml, docs/architecture.md)
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

migrations-check: $(STAMP)
	IZLEM_TESTING=1 $(VENV)/bin/izlem makemigrations --check --dry-run

check: lint migrations-check test

clean:
	rm -rf $(VENV) var
