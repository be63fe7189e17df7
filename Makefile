# The two commands of the README. Both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run port-free serve test install lint format clean gallery bench-frontend bench-server bench-soak bench-bibtex bench-import bench-cv bench-import-speed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,postgres]"
	touch $(STAMP)

install: $(STAMP)

# A port another program holds is reported first, before any setup; the site's address and the admin's
# sign-in are printed last, once the server answers (operations/management/commands/run_site.py).
run: port-free $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py run_site $(HOST):$(PORT)

port-free:
	@$(PYTHON) operations/free_port.py $(HOST) $(PORT) $(if $(filter serve,$(MAKECMDGOALS)),serve,run)

# The production settings on this machine, over plain HTTP: gunicorn (gunicorn.conf.py),
# whitenoise for static files, media from local disk, the page cache in files (REDIS_URL for Redis).
SECRET_KEY_FILE := .secret-key
PRODUCTION := DJANGO_SETTINGS_MODULE=profile_site.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}"

$(SECRET_KEY_FILE):
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: port-free $(STAMP) $(SECRET_KEY_FILE)
	$(PRODUCTION) $(BIN)/python manage.py migrate --noinput
	$(PRODUCTION) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PRODUCTION) $(BIN)/python manage.py load_demo --if-empty
	$(PRODUCTION) $(BIN)/python manage.py ensure_admin
	@echo "Starting gunicorn on http://$(HOST):$(PORT)/ with the production settings"
	$(PRODUCTION) HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m gunicorn -c gunicorn.conf.py profile_site.wsgi

# Every test, one worker per core (tests/conftest.py): the drills that run the site in
# processes of their own share one worker, which builds its installations once, and the browser tests another.
# The accessibility tests run axe-core from bench/node_modules: installed here wherever npm is (without Node.js
# they are skipped, saying so).
test: $(STAMP) $(if $(shell command -v npm 2>/dev/null),bench/node_modules/.installed)
	$(BIN)/python -m pytest -n auto --dist loadgroup

# Lighthouse 12.2.3 and axe-core on the demo site under production settings (bench/frontend.py).
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Screenshots of every public page at 320, 375, 768 and 1280 px, both themes, into docs/gallery/ (bench/gallery.py).
gallery: $(STAMP)
	@test -x /usr/bin/chromium || { echo "make gallery needs Debian's Chromium: apt-get install -y chromium"; exit 2; }
	$(BIN)/python bench/gallery.py

bench-frontend: $(STAMP) bench/node_modules/.installed
	@test -x /usr/bin/chromium || { echo "bench-frontend needs Debian's Chromium: apt-get install -y chromium"; exit 2; }
	$(BIN)/python bench/frontend.py

# Requests per second: cached homepage vs a whitenoise static file, uncached at 5 and 500
# publications, the static export under nginx; SQL queries per page (bench/server.py).
bench-server: $(STAMP)
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "bench-server needs wrk and nginx: apt-get install -y wrk nginx-light"; exit 2; }
	$(BIN)/python bench/server.py

# Half of capacity for a few minutes: zero errors, flat memory (bench/soak.py).
bench-soak: $(STAMP)
	@command -v wrk >/dev/null || { echo "bench-soak needs wrk: apt-get install -y wrk"; exit 2; }
	$(BIN)/python bench/soak.py

# Any 1 MB .bib file, however hostile, read in under 2 s and 200 MB (bench/bibtex_bounds.py).
bench-bibtex: $(STAMP)
	$(BIN)/python bench/bibtex_bounds.py

# An AcadHomepage import of 20 paper boxes with real-sized figures, timed in the process: under 2 s
# (bench/import_speed.py).
bench-import-speed: $(STAMP)
	$(BIN)/python bench/import_speed.py

# The CV's PDF for the demo plus 200 publications: typeset in under 3 s, then from the cache (bench/cv_pdf.py).
bench-cv: $(STAMP)
	$(BIN)/python bench/cv_pdf.py

# AcadHomepage sites (checkouts in CORPUS, kept outside this repository) built by Jekyll and imported:
# the words, sections, images and bold names visitors saw, found on the new site (bench/import_fidelity.py).
CORPUS ?= ../corpus
bench-import: $(STAMP)
	@command -v jekyll >/dev/null || { echo "bench-import needs Debian's jekyll and the template's plugins: apt-get install -y jekyll ruby-jekyll-sitemap ruby-jekyll-feed ruby-jekyll-seo-tag ruby-jekyll-paginate ruby-jekyll-gist ruby-jekyll-redirect-from"; exit 2; }
	$(BIN)/python bench/import_fidelity.py $(CORPUS) --missing

# The lint gate (.ci/run runs it first; .pre-commit-config.yaml runs the same): style, templates, the
# direction of the imports, types, Django's checks and migrations that match the models.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
