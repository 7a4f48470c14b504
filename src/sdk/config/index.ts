export * from './resolve.js'
export * from './schema.js'
export * from './cors-origins.js'
