export * from './store.js'
export * from './client.js'
