/**
 * The REST API on this machine, the way `sam local start-api` serves it: an HTTP server on
 * 127.0.0.1 that turns each request into the API Gateway proxy event of its route (API_ROUTES)
 * and calls the same Lambda handlers the deployed API calls, with the gateway's checks in front:
 * the API key (`x-api-key`) and the JWT authorizer (the authorizer's own handler, verifying tokens
 * signed with a key made for this server) on every route but the open ones.
 *
 * `POST /v1/forecasts/generate` runs its job in-process through the worker's planner and shard
 * code (there is no queue); the job item is written as the worker writes it.
 */
import {randomBytes, randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../sdk/aws/target.js'
import {startJobInProcess} from '../sdk/forecast-jobs/in-process.js'
import {createJwtSigner, createJwtVerifier, staticKeySource} from '../sdk/secrets/jwt.js'
import type {RestApiEvent} from './api-gateway-event.js'
import {type ApiRoute, API_ROUTES, MAX_BODY_BYTES} from './api-routes.js'
import {type ApiResponse, errorResponse, HttpError} from './http-response.js'

export interface LocalGatewayOptions {
  readonly env: string
  /** The DynamoDB endpoint the handlers use (the local engine). */
  readonly dynamoEndpoint: string
  readonly region: string
  /** 0 (default) picks a free port. */
  readonly port?: number
  /** The key clients send in `x-api-key`; generated when absent. */
  readonly apiKey?: string
  /** Products per shard of an in-process job. */
  readonly shardSize?: number
  /** One line per request (method, path, status, ms). */
  readonly onRequest?: (line: string) => void
}

export interface LocalGateway {
  /** http://127.0.0.1:<port>/<env> (routes under v1/) */
  readonly url: string
  readonly port: number
  readonly apiKey: string
  /** A user JWT the authorizer accepts, valid for `TOKEN_HOURS`. */
  readonly userToken: string
  /** Resolves once every forecast job started so far has finished. */
  settled(): Promise<void>
  /** Stops accepting requests, waits for running jobs and restores the handlers' environment. */
  close(): Promise<void>
}

export const TOKEN_HOURS = 12

interface MatchedRoute {
  readonly route: ApiRoute
  readonly pathParameters: Record<string, string>
}

/** The route of a request path; a literal segment wins over a `{param}` (as in API Gateway). */
export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  const segments = path.split('/').filter(Boolean)
  let best: {match: MatchedRoute; literals: number} | undefined
  for (const route of API_ROUTES) {
    if (route.method !== method) continue
    const template = route.path.split('/').filter(Boolean)
    if (template.length !== segments.length) continue
    const pathParameters: Record<string, string> = {}
    let literals = 0
    const fits = template.every((part, i) => {
      const param = /^\{(.+)\}$/.exec(part)
      if (param) {
        pathParameters[param[1]] = segments[i]
        return true
      }
      literals++
      return part === segments[i]
    })
    if (fits && (!best || literals > best.literals)) best = {match: {route, pathParameters}, literals}
  }
  return best?.match
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    // Read to the end but keep no more than the limit (plus one byte, so the handler sees it is over).
    if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(res: ServerResponse, response: ApiResponse): void {
  res.writeHead(response.statusCode, response.headers)
  res.end(response.body)
}

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  // The handlers build their clients from the environment, as in Lambda: point it at the local engine.
  const vars: Record<string, string> = {
    OMNIX_ENV: options.env,
    AWS_REGION: options.region,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  }
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  Object.assign(process.env, vars)
  const [api, health, authorizer, dispatch] = await Promise.all([
    import('./api.js'),
    import('./health.js'),
    import('./authorizer.js'),
    import('./forecast-dispatch.js'),
  ])
  api.resetClients()

  const keys = staticKeySource({current: {stage: 'AWSCURRENT', kid: `local-${randomUUID()}`, secret: randomBytes(32), legacy: false}})
  authorizer.setVerifier(createJwtVerifier({keys}))
  const userToken = await createJwtSigner({keys, expiresInSeconds: TOKEN_HOURS * 3600}).sign({sub: 'local-user', scope: 'local'})
  const apiKey = options.apiKey ?? randomBytes(24).toString('base64url')

  const client = new DynamoDBClient({region: options.region, endpoint: options.dynamoEndpoint, credentials: LOCAL_CREDENTIALS})
  const pending = new Set<Promise<unknown>>()
  const previousDispatcher = dispatch.setForecastJobDispatcher(async (job, env) => {
    const started = await startJobInProcess(client, env, job, {shardSize: options.shardSize})
    const finished = started.finished.finally(() => pending.delete(finished))
    pending.add(finished)
  })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now()
    const requestId = randomUUID()
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const stagePrefix = `/${options.env}`
    const path = url.pathname.startsWith(`${stagePrefix}/`) ? url.pathname.slice(stagePrefix.length) : url.pathname
    const method = (req.method ?? 'GET').toUpperCase()
    const body = await readBody(req)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v
    let response: ApiResponse
    const matched = matchRoute(method, path.replace(/\/+$/, '') || '/')
    if (!matched) {
      response = errorResponse(new HttpError(404, `no route ${method} ${path}`), requestId)
    } else {
      let principalId: string | undefined
      if (!matched.route.open) {
        if (headers['x-api-key'] !== apiKey) {
          response = errorResponse(new HttpError(401, 'missing or invalid API key (send it in x-api-key)'), requestId)
          send(res, response)
          options.onRequest?.(`${method} ${path} ${response.statusCode} ${Date.now() - started}ms`)
          return
        }
        try {
          const methodArn = `arn:aws:execute-api:${options.region}:000000000000:local/${options.env}/${method}${path}`
          principalId = (await authorizer.handler({type: 'TOKEN', methodArn, authorizationToken: headers.authorization})).principalId
        } catch {
          response = errorResponse(new HttpError(401, 'Unauthorized: send a valid user token in Authorization: Bearer <token>'), requestId)
          send(res, response)
          options.onRequest?.(`${method} ${path} ${response.statusCode} ${Date.now() - started}ms`)
          return
        }
      }
      const query: Record<string, string> = {}
      for (const [k, v] of url.searchParams) query[k] = v
      const event: RestApiEvent = {
        resource: matched.route.path,
        path,
        httpMethod: method,
        headers,
        pathParameters: Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : null,
        queryStringParameters: Object.keys(query).length > 0 ? query : null,
        body: body === '' ? null : body,
        isBase64Encoded: false,
        requestContext: {requestId, stage: options.env, authorizer: principalId ? {principalId} : null},
      }
      response = matched.route.handler === 'health' ? await health.handler(event) : await api.handler(event)
    }
    send(res, response)
    options.onRequest?.(`${method} ${path} ${response.statusCode} ${Date.now() - started}ms`)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, errorResponse(new HttpError(500, `local gateway: ${error.message}`)))
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const {port} = server.address() as AddressInfo

  const settled = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending])
  }
  return {
    url: `http://127.0.0.1:${port}/${options.env}`,
    port,
    apiKey,
    userToken,
    settled,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await settled()
      dispatch.setForecastJobDispatcher(previousDispatcher)
      authorizer.setVerifier(undefined)
      client.destroy()
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
      api.resetClients()
    },
  }
}
