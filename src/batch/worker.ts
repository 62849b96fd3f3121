import { workerData } from 'node:worker_threads';
import { drain, type PoolData } from './run.js';

// A pool worker: claims tasks from the shared list until none are left, posting each result.
const data = workerData as PoolData;
void drain(data, (r) => data.port.postMessage(r));
