/**
 * The omnix SDK: everything the CLI does, as a library for CI scripts and Lambdas.
 * Heavy dependencies (toolkit-lib, AWS clients) are imported lazily inside the functions that use them.
 * Foundations are exported flat; each capability also as a namespace, so names never collide.
 */
export * from './catalog/index.js'
export * from './config/index.js'
export * from './errors.js'
export * from './aws/target.js'
export * from './deploy/index.js'
export * from './secrets/index.js'
export * as budgets from './budgets/index.js'
export * as demo from './demo/index.js'
export * as forecast from './forecast/index.js'
export * as forecastStore from './forecast-store/index.js'
export * as gateways from './gateways/index.js'
export * as inventory from './inventory/index.js'
export * as local from './local/index.js'
export * as sales from './sales/index.js'
export * as migration from './migration/index.js'
export {dynamoClient} from './dynamodb/client.js'
export {BatchWriter, batchPut} from './dynamodb/batch-writer.js'
export * as status from './status/index.js'
export * as backup from './backup/index.js'
export * as params from './params/index.js'
export * as forecastJobs from './forecast-jobs/index.js'
