/**
 * The REST API's routes: the API stack creates one method per entry and the API handler
 * dispatches on the same `method path` keys, so the two cannot drift apart.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** Which Lambda entry point (src/lambda/<name>.ts) serves a route. */
export type RouteHandler = 'health' | 'api'

export interface ApiRoute {
  readonly method: HttpMethod
  /** Resource path as API Gateway declares it, with `{param}` placeholders. */
  readonly path: string
  readonly handler: RouteHandler
  /** Open routes need neither an API key nor a user token. */
  readonly open?: boolean
}

export const API_BASE_PATH = '/v1'

export const API_ROUTES: readonly ApiRoute[] = [
  {method: 'GET', path: '/v1/system/health', handler: 'health', open: true},
  {method: 'GET', path: '/v1/products', handler: 'api'},
  {method: 'POST', path: '/v1/products', handler: 'api'},
  {method: 'PUT', path: '/v1/products/{id}', handler: 'api'},
  {method: 'DELETE', path: '/v1/products/{id}', handler: 'api'},
  {method: 'POST', path: '/v1/sales-data/upload', handler: 'api'},
  {method: 'GET', path: '/v1/sales-data/{product_id}', handler: 'api'},
  {method: 'GET', path: '/v1/sales-data/summary', handler: 'api'},
  {method: 'POST', path: '/v1/forecasts/generate', handler: 'api'},
  {method: 'GET', path: '/v1/forecasts/jobs/{job_id}', handler: 'api'},
  {method: 'GET', path: '/v1/forecasts/{product_id}', handler: 'api'},
  {method: 'GET', path: '/v1/forecasts/{product_id}/accuracy', handler: 'api'},
  {method: 'GET', path: '/v1/reports/forecast-summary', handler: 'api'},
  {method: 'GET', path: '/v1/reports/inventory-recommendations', handler: 'api'},
  {method: 'GET', path: '/v1/dashboard/summary', handler: 'api'},
]

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`
}

/** Largest request body the API accepts (the WAF enforces the same limit at the edge). */
export const MAX_BODY_BYTES = 1024 * 1024
