# ledgerline — two commands: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd poppler-utils fonts-dejavu-core \
                tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-nld tesseract-ocr-msa
BROWSER_PACKAGES := chromium chromium-driver
STAMP := $(VENV)/.installed
RETAIL_DIRS := sample_docs/invoices sample_docs/receipts sample_docs/paystubs sample_docs/w2
ORIGINALS_CLAIMS := $(filter-out %-scan.pdf,$(wildcard sample_docs/claims/*.pdf))
SCANS_CLAIMS := $(filter-out %.json,$(wildcard sample_docs/claims/*-scan.*))
ORIGINALS_RETAIL := $(filter-out %-scan.pdf,$(foreach d,$(RETAIL_DIRS),$(wildcard $(d)/*.pdf)))
SCANS_RETAIL := $(filter-out %.json,$(foreach d,$(RETAIL_DIRS),$(wildcard $(d)/*-scan.*)))

export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export DO_NOT_TRACK := 1
export OMP_THREAD_LIMIT := 1

.PHONY: demo test setup system-packages browser venv review prefect-server clean-data lock

demo: setup
	@$(BIN)/ledgerline clients check
	@# each sample exists twice: a text-layer PDF and a scan of the same document. The
	@# originals go first; the scans then arrive as a client's re-send, and the duplicate
	@# checks must catch them.
	@$(BIN)/ledgerline process --client northside-clinic $(ORIGINALS_CLAIMS)
	@$(BIN)/ledgerline process --client brightmart-retail $(ORIGINALS_RETAIL) sample_docs/bad
	@$(BIN)/ledgerline process --client northside-clinic $(SCANS_CLAIMS)
	@$(BIN)/ledgerline process --client brightmart-retail $(SCANS_RETAIL)
	@$(BIN)/ledgerline users add demo --role lead --clients northside-clinic,brightmart-retail,default --password demo-review-2026 --if-missing
	@echo
	@echo "Review app: $(BIN)/ledgerline review serve   then open http://127.0.0.1:8000  (login demo / demo-review-2026)"
	@echo "Queue:      $(BIN)/ledgerline queue list     Journal: $(BIN)/ledgerline ledger show"

test: setup browser
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

review: setup
	$(BIN)/ledgerline review serve

# a Prefect server (UI at http://127.0.0.1:4200) for scheduled inboxes: `ledgerline schedule`
prefect-server: setup
	PREFECT_HOME=$${LEDGERLINE_DATA_DIR:-data}/prefect PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/prefect server start --host 127.0.0.1 --port 4200

setup: system-packages venv

# apt only when something is missing; `apt-get update` once first (the lists start empty)
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

browser:
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing browser packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# the virtual environment, from the lock file; re-run only when the lock or pyproject changes
venv: $(STAMP)
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing the virtual environment $(VENV) (log: $(VENV)/install.log)"
	@{ $(BIN)/python -m pip install --upgrade pip && \
	   $(BIN)/python -m pip install -r requirements.lock && \
	   $(BIN)/python -m pip install --no-deps -e . ; } > $(VENV)/install.log 2>&1 \
	  || { tail -n 30 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

# refresh the lock after changing dependencies in pyproject.toml
lock:
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean-data:
	rm -rf data
