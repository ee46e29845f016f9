"""Batch coding: stream many notes through the pipeline on worker processes, then a
concurrency pass over the whole batch (provider timelines per day)."""
