"""Execute one notebook top to bottom with nbclient and always save what ran.

Used by scripts/notebooks.mjs (report, benchmark, notebook test). `jupyter nbconvert --execute`
would do the same, but it writes nothing when a cell fails, and tslab reports a failing cell only
on the cell's stderr stream (its error reply has an empty name, value and traceback), so the
reason a cell failed would be lost. Here the partly executed notebook is written either way, and
the last line on stdout is a JSON summary: {"ok": true} or {"ok": false, "cell": <0-based
index>, "exception": ..., "message": ...}.

Usage: python3 execute-notebook.py INPUT OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS
"""

import json
import os
import sys

import nbformat
from nbclient import NotebookClient


def main():
    source, target, kernel_name, timeout = sys.argv[1:5]
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=int(timeout),
        record_timing=True,
        # Cells run in the notebook's own folder, as they do when a reader opens it.
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    current = {"cell": None}

    def remember(cell, cell_index):
        current["cell"] = cell_index

    client.on_cell_start = remember
    summary = {"ok": True}
    try:
        client.execute()
    except Exception as error:  # any failure: a cell error, a timeout, a dead kernel
        summary = {
            "ok": False,
            "cell": current["cell"],
            "exception": type(error).__name__,
            "message": str(error),
        }
    finally:
        nbformat.write(notebook, target)
    print(json.dumps(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
