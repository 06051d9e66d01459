"""Execute a notebook's cells as independent blocks in one kernel, and always save what ran.

Used by scripts/notebooks.mjs (executeBlocks) for runs that are expected to stop: the sweep's
refusals (each a parameters cell, its injected values and the check that must refuse them) and
the exercises' wrong answers (each an exercise cell and the checks after it). Starting a kernel
and loading the library costs more than those few cells, so the runs of one notebook share one
kernel, as a student who edits a cell and runs it again does.

Each code cell's metadata.rnn_jacobian_block names its block (an integer; cells without it
belong to block -1, the shared prefix that must run without an error). Cells run in order; the
first cell of a block that fails ends that block (its remaining cells are skipped) and the next
block starts. The executed notebook is written to OUTPUT; the last line on stdout is a JSON
summary: {"ok": <the prefix ran and the kernel lived>, "blocks": {"<block>": {"ok": true} or
{"ok": false, "cell": <index in the notebook>, "exception": ..., "message": ...}}}.

Usage: python3 execute-blocks.py INPUT OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS
"""

import asyncio
import sys

from nbclient.util import ensure_async, run_sync

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
from notebook_client import make_client, run_and_save  # noqa: E402


ABORT_WINDOW_SECONDS = 0.5


def block_of(cell):
    return cell.get("metadata", {}).get("rnn_jacobian_block", -1)


async def run_blocks(client, notebook):
    summary = {"ok": True, "blocks": {}}
    replies = {}
    client.on_cell_executed = lambda cell, cell_index, execute_reply: replies.__setitem__(
        cell_index, execute_reply
    )
    async with client.async_setup_kernel():
        await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        failed = set()
        for index, cell in enumerate(notebook.cells):
            block = block_of(cell)
            if cell.cell_type != "code" or block in failed:
                continue
            replies.pop(index, None)
            try:
                await client.async_execute_cell(
                    cell, index, execution_count=client.code_cells_executed + 1
                )
                status = (replies.get(index) or {}).get("content", {}).get("status")
                if status != "ok":
                    raise CellFailed(f"the kernel replied {status!r}")
            except Exception as error:  # a cell error, a timeout, a dead kernel
                failed.add(block)
                summary["blocks"][str(block)] = {
                    "ok": False,
                    "cell": index,
                    "exception": type(error).__name__,
                    "message": str(error),
                }
                if block == -1 or type(error).__name__ == "DeadKernelError":
                    summary["ok"] = False
                    return summary
                # tslab answers "abort" to every request that reaches it within 200 ms of an
                # error (it ignores stop_on_error): let that window pass before the next block.
                await asyncio.sleep(ABORT_WINDOW_SECONDS)
                continue
            summary["blocks"].setdefault(str(block), {"ok": True})
    return summary


class CellFailed(Exception):
    """A cell whose execute_reply was not "ok" (with allow_errors nbclient does not raise)."""


def execute(notebook, source, kernel_name, timeout):
    # Errors are judged here from each execute_reply; allow_errors also tells the kernel not to
    # abort the requests that follow an error (stop_on_error), so the next block runs.
    client = make_client(notebook, source, kernel_name, timeout, allow_errors=True)
    try:
        return run_sync(run_blocks)(client, notebook)
    except Exception as error:  # the kernel did not start
        return {"ok": False, "blocks": {}, "exception": type(error).__name__,
                "message": str(error)}


if __name__ == "__main__":
    sys.exit(run_and_save(execute, "execute-blocks.py"))
