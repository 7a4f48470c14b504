/**
 * WebSocket API handler for live alerts: records connections in the sessions table (so alert
 * publishers can find them) and answers client messages on the default route.
 */
import {DeleteItemCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'

import {tableDefinition, tableName} from '../sdk/catalog/index.js'
import type {LambdaContext, WebSocketEvent} from './api-gateway-event.js'
import {toAttributes} from './dynamo-item.js'
import {applyRuntimeLogLevel} from './runtime-parameters.js'
import {createLogger} from './structured-log.js'
import {acceptedSubprotocol} from './websocket-token.js'

let dynamo: DynamoDBClient | undefined
const db = () => (dynamo ??= new DynamoDBClient({}))

/** API Gateway closes WebSocket connections after two hours; the session row expires with it. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60

/** Sessions-table id of a WebSocket connection. */
export const connectionSessionId = (connectionId: string) => `ws#${connectionId}`

export interface WebSocketResponse {
  readonly statusCode: number
  readonly headers?: Record<string, string>
  readonly body?: string
}

function sessionsTable(): string {
  const env = process.env.OMNIX_ENV
  if (!env) throw new Error('environment variable OMNIX_ENV is not set')
  return tableName(env, 'sessions')
}

const reply = (statusCode: number, body: unknown): WebSocketResponse => ({statusCode, body: JSON.stringify(body)})

export async function handler(event: WebSocketEvent, context?: LambdaContext): Promise<WebSocketResponse> {
  await applyRuntimeLogLevel()
  const {routeKey, connectionId} = event.requestContext
  const log = createLogger('websocket', {request_id: event.requestContext.requestId ?? context?.awsRequestId, connection_id: connectionId})
  const key = {id: {S: connectionSessionId(connectionId)}}
  try {
    switch (routeKey) {
      case '$connect': {
        const now = Math.floor(Date.now() / 1000)
        const ttlAttribute = tableDefinition('sessions').ttlAttribute ?? 'expires_at'
        await db().send(
          new PutItemCommand({
            TableName: sessionsTable(),
            Item: toAttributes({
              id: connectionSessionId(connectionId),
              kind: 'websocket',
              connection_id: connectionId,
              principal: event.requestContext.authorizer?.principalId ?? null,
              connected_at: new Date(now * 1000).toISOString(),
              [ttlAttribute]: now + CONNECTION_TTL_SECONDS,
            }),
          }),
        )
        log.info('WebSocket connected')
        // A client that offered subprotocols (the token one) drops the connection unless one is echoed.
        const subprotocol = acceptedSubprotocol(event.headers)
        return subprotocol ? {statusCode: 200, headers: {'Sec-WebSocket-Protocol': subprotocol}} : {statusCode: 200}
      }
      case '$disconnect': {
        await db().send(new DeleteItemCommand({TableName: sessionsTable(), Key: key}))
        log.info('WebSocket disconnected')
        return {statusCode: 200}
      }
      default: {
        let message: unknown
        try {
          message = JSON.parse(event.body ?? '')
        } catch {
          return reply(400, {type: 'error', message: 'send JSON messages, e.g. {"action":"ping"}'})
        }
        const action = (message as {action?: unknown} | null)?.action
        if (action === 'ping') return reply(200, {type: 'pong', timestamp: new Date().toISOString()})
        return reply(400, {type: 'error', message: `unknown action ${JSON.stringify(action ?? null)}; supported: ping`})
      }
    }
  } catch (error) {
    log.error('WebSocket route failed', {route: routeKey, error})
    return {statusCode: 500}
  }
}
