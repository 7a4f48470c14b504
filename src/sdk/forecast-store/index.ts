/** Data-plane side of forecasting: sales history in, forecast items out, accuracy and views back. */
export * from './accuracy.js'
export * from './dates.js'
export * from './history.js'
export * from './items.js'
export * from './run.js'
export * from './series.js'
export * from './store.js'
export * from './views.js'
