export * from './resolve.js'
export * from './schema.js'
