PYTHON ?= .venv/bin/python

.PHONY: bench bench-quick

# Every service benchmark (a few minutes); writes bench/RESULTS.md.
bench:
	$(PYTHON) -m bench

# The same with fewer jobs and shorter runs: checks the scripts work.
bench-quick:
	$(PYTHON) -m bench --quick --out /tmp/callsheet-bench-quick.md
