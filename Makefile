# Ventanilla — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)

.PHONY: install messages db demo serve worker test test-all bench lint lock stop-db clean

$(STAMP): requirements.lock
	@echo "→ Entorno virtual e instalación de dependencias (.venv)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet --progress-bar off -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# Message catalogues compiled with Babel (pure Python): no system gettext needed.
messages: install
	@$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | sed 's/^/  /'

# Starts the embedded PostgreSQL (or uses DATABASE_URL), migrates the public schema and every
# government, and refreshes the template schema new governments are cloned from.
db: install
	@echo "→ Base de datos: migraciones y esquema plantilla…"
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py prepare_template

demo: messages db
	@$(BIN)/python manage.py collectstatic --noinput -v 0
	@$(BIN)/python manage.py load_demo --port $(PORT)
	@echo "→ Sirviendo en http://localhost:$(PORT)/ (Ctrl+C para detener)"
	@$(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

# Production-like server (gunicorn, DEBUG off, WhiteNoise for static files).
serve: messages db
	@deploy/serve

# A Celery worker for CELERY_BROKER_URL (Redis or RabbitMQ URL). Without a broker there is nothing
# to run: tasks execute in the process that sends them.
worker: install
	@test -n "$$CELERY_BROKER_URL" || { echo "Defina CELERY_BROKER_URL / Set CELERY_BROKER_URL"; exit 1; }
	@$(BIN)/celery -A config worker --loglevel INFO

test: messages
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: messages db
	@$(BIN)/python -m tests.benchmarks.run

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy config core tenants catalog apps_registry cases demo
	@$(BIN)/python manage.py makemigrations --check --dry-run

lock:
	@$(BIN)/python -m uv pip compile pyproject.toml --extra dev -o requirements.lock

stop-db:
	@$(BIN)/python -c "from core.embedded_postgres import stop_embedded_server; from config.settings.environment import EMBEDDED_PGDATA; print('detenido' if stop_embedded_server(EMBEDDED_PGDATA) else 'no estaba en marcha')"

clean: stop-db
	rm -rf $(VENV) .pgdata var
