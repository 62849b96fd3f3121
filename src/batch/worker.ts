import { parentPort } from 'node:worker_threads';
import { runJob } from './job.js';
import type { Job } from './plan.js';

// A pool worker: builds the jobs it is sent, one at a time, and answers with each result.
parentPort?.on('message', (msg: { job: Job; sourceDateEpoch?: string; templatesHash?: string }) => {
  void runJob(msg.job, { ...(msg.sourceDateEpoch !== undefined ? { sourceDateEpoch: msg.sourceDateEpoch } : {}), ...(msg.templatesHash ? { templatesHash: msg.templatesHash } : {}) }).then((r) =>
    parentPort!.postMessage(r),
  );
});
