"""nbconvert preprocessor that keeps the outputs the Deno kernel publishes after "idle".

The Deno 2.9 Jupyter kernel often publishes a cell's `stream` / `execute_result` messages on
IOPub *after* its `status: idle` message (seen here: idle, then stdout 1 ms later). nbclient stops
collecting a cell's output at `idle` and ignores messages for other cells, so plain
`jupyter nbconvert --execute` drops those outputs at random (about half the runs of a 3-cell
notebook lost at least one output).

`DenoExecutePreprocessor` is nbconvert's `ExecutePreprocessor` with two changes:
  1. after `idle`, it keeps reading the cell's IOPub messages until none arrives for
     `late_output_grace` seconds (`final_output_grace` after the last cell);
  2. a message that still arrives late, while a later cell runs, is routed by its parent
     msg_id to the cell that produced it instead of being dropped.

Used by tests/notebooks/notebook_exec.ts as
  PYTHONPATH=tests/notebooks jupyter nbconvert --to notebook \
    --Exporter.preprocessors deno_execute.DenoExecutePreprocessor \
    --DenoExecutePreprocessor.enabled=True --ExecutePreprocessor.kernel_name=deno \
    --ExecutePreprocessor.timeout=300 ...
(no --execute: that would also run the stock ExecutePreprocessor).
"""

from queue import Empty

from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets import Float


class DenoExecutePreprocessor(ExecutePreprocessor):
    """ExecutePreprocessor that waits for IOPub output sent after the idle status."""

    late_output_grace = Float(
        0.1,
        help="Seconds of IOPub silence, after a cell's idle status, before the cell is done.",
    ).tag(config=True)

    final_output_grace = Float(
        1.0,
        help="Same as late_output_grace, for the last cell of the notebook.",
    ).tag(config=True)

    def reset_execution_trackers(self):
        super().reset_execution_trackers()
        self._cells_by_parent = {}

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        if not hasattr(self, "_cells_by_parent"):
            self._cells_by_parent = {}
        self._cells_by_parent[parent_msg_id] = (cell, cell_index)
        last = cell_index == len(self.nb.cells) - 1
        grace = self.final_output_grace if last else self.late_output_grace
        idle = False
        while True:
            try:
                msg = await ensure_async(
                    self.kc.iopub_channel.get_msg(timeout=grace if idle else None)
                )
            except Empty:
                return
            parent = msg["parent_header"].get("msg_id")
            if parent == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    idle = True
            elif parent in self._cells_by_parent and msg["msg_type"] != "status":
                earlier_cell, earlier_index = self._cells_by_parent[parent]
                self.log.warning("late output for cell %d routed back to it", earlier_index)
                try:
                    self.process_message(msg, earlier_cell, earlier_index)
                except CellExecutionComplete:
                    pass
