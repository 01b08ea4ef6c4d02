"""Benchmarks of callsheet (not tests): `python -m bench` runs them all and writes bench/RESULTS.md."""
