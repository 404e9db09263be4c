"""Benchmarks: scripts a user can run, printing figures against a baseline from the same run."""
