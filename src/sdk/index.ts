/**
 * The omnix SDK: everything the CLI does, as a library for CI scripts and Lambdas.
 * Heavy dependencies (toolkit-lib, AWS clients) are imported lazily inside the functions that use them.
 */
export * from './catalog/index.js'
export * from './config/index.js'
export * from './errors.js'
export * from './aws/target.js'
export * from './local/state.js'
export * from './secrets/index.js'
export * from './deploy/index.js'
