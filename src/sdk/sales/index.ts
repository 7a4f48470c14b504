export * from './importer.js'
export {checkIsoDate, parseDecimal, parseHeader, parseSalesRow, SALES_COLUMNS, salesItem, type SalesRow} from './sales-row.js'
export {REJECTS_HEADER} from './rejects-file.js'
