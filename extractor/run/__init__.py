"""Run: documents in, articles out, at any scale.

``inputs`` (files, directories, JSONL, stdin, WARC, URLs to ``Document``), ``batch`` (the process pool
and sinks), ``cluster`` (the Dask engine).
"""
