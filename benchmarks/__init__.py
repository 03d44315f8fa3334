"""Benchmarks of the generator: ``benchmarks/bench.py`` (``make bench``) and its parts, and single-purpose scripts."""
