/** The demo: a seeded, realistic sales history and the end-to-end run over the local data plane. */
export * from './catalog.js'
export * from './files.js'
export * from './generator.js'
export * from './run.js'
