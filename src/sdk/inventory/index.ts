/** Inventory recommendations and stock-out alerts from stored demand forecasts. */
export * from './alerts.js'
export * from './normal.js'
export * from './policy.js'
export * from './report.js'
