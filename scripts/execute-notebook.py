"""Execute one notebook top to bottom with nbclient and always save what ran.

Used by scripts/notebooks.mjs (report, benchmark, notebook test). `jupyter nbconvert --execute`
would do the same, but it writes nothing when a cell fails, and tslab reports a failing cell only
on the cell's stderr stream (its error reply has an empty name, value and traceback), so the
reason a cell failed would be lost. Here the partly executed notebook is written either way, and
the last line on stdout is a JSON summary: {"ok": true} or {"ok": false, "cell": <0-based
index>, "exception": ..., "message": ...}.

Usage: python3 execute-notebook.py INPUT OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from notebook_client import make_client, run_and_save  # noqa: E402


def execute(notebook, source, kernel_name, timeout):
    client = make_client(notebook, source, kernel_name, timeout)
    current = {"cell": None}

    def remember(cell, cell_index):
        current["cell"] = cell_index

    client.on_cell_start = remember
    try:
        client.execute()
    except Exception as error:  # any failure: a cell error, a timeout, a dead kernel
        return {
            "ok": False,
            "cell": current["cell"],
            "exception": type(error).__name__,
            "message": str(error),
        }
    return {"ok": True}


if __name__ == "__main__":
    sys.exit(run_and_save(execute, "execute-notebook.py"))
