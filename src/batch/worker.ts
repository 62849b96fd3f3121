import { parentPort, workerData } from 'node:worker_threads';
import { drain, type PoolData } from './run.js';

// A pool worker: claims tasks from the shared list until none are left, posting each result.
void drain(workerData as PoolData, (r) => parentPort!.postMessage(r));
