// Entry point of the `dispatch` worker for process managers that run a file rather than the CLI
// (`vanthu worker dispatch` is the same). Thin: all logic lives in src/.
import { openContext } from '../src/runtime/context.js';
import { startWorkers, stopOnSignal } from '../src/runtime/run.js';

const ctx = await openContext();
stopOnSignal(ctx, await startWorkers(ctx, ['dispatch']));
