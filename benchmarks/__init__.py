"""Reproducible speed and memory measurements of ActorScope (python -m benchmarks)."""
