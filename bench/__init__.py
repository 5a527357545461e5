"""Benchmarks of the petition service: `python -m bench <name>`; see bench/README.md."""
