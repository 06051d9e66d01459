"""What scripts/execute-notebook.py and scripts/execute-blocks.py share: the arguments they take,
the nbclient client they run a notebook with, and the rule that the executed notebook is written
and a JSON summary printed (last line on stdout) whatever happened.

Both take: INPUT OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS.
"""

import json
import os
import sys

import nbformat
from nbclient import NotebookClient


def make_client(notebook, source, kernel_name, timeout, allow_errors=False):
    """An nbclient client for `notebook` (read from `source`), timing every cell."""
    return NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=int(timeout),
        record_timing=True,
        allow_errors=allow_errors,
        # Cells run in the notebook's own folder, as they do when a reader opens it.
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )


def run_and_save(execute, usage):
    """Reads the notebook named on the command line, runs execute(notebook, source, kernel_name,
    timeout) -> summary (a dict with "ok"), writes the notebook to OUTPUT even when it raised,
    prints the summary as JSON and returns the exit status."""
    if len(sys.argv) != 5:
        sys.exit(f"usage: {usage} INPUT OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS")
    source, target, kernel_name, timeout = sys.argv[1:5]
    notebook = nbformat.read(source, as_version=4)
    try:
        summary = execute(notebook, source, kernel_name, timeout)
    finally:
        nbformat.write(notebook, target)
    print(json.dumps(summary))
    return 0 if summary["ok"] else 1
