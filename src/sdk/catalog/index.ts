export * from './environments.js'
export * from './naming.js'
export * from './tables.js'
export * from './parameters.js'
