"""Benchmarks of archmem. Each script measures one claim against baselines and an independent oracle."""
