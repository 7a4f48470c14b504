/** Forecast jobs: the queue messages, planning into shards, shard runs and the job status item. */
export * from './follow.js'
export * from './in-process.js'
export * from './job-store.js'
export * from './messages.js'
export * from './planner.js'
export * from './queue.js'
export * from './shard.js'
