"""Started by Python in a benchmark's child process: the packages named in CALLSHEET_BENCH_HIDE
(bench/production.py: those only the development requirements install) cannot be imported."""
import os
import sys

for _name in filter(None, os.environ.get("CALLSHEET_BENCH_HIDE", "").split(",")):
    sys.modules[_name] = None  # an import of it raises ModuleNotFoundError, as where it is not installed
