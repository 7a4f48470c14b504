/** The parts of API Gateway's Lambda proxy events the handlers read. */

export interface RestApiEvent {
  readonly resource?: string
  readonly path?: string
  readonly httpMethod: string
  readonly headers?: Record<string, string | undefined> | null
  readonly pathParameters?: Record<string, string | undefined> | null
  readonly queryStringParameters?: Record<string, string | undefined> | null
  readonly body?: string | null
  readonly isBase64Encoded?: boolean
  readonly requestContext?: {
    readonly requestId?: string
    readonly stage?: string
    readonly authorizer?: {readonly principalId?: string} | null
  }
}

export interface WebSocketEvent {
  readonly body?: string | null
  /** Sent on `$connect` only. */
  readonly headers?: Record<string, string | undefined> | null
  readonly requestContext: {
    readonly routeKey: string
    readonly connectionId: string
    readonly eventType?: 'CONNECT' | 'MESSAGE' | 'DISCONNECT'
    readonly requestId?: string
    readonly domainName?: string
    readonly stage?: string
    readonly authorizer?: {readonly principalId?: string} | null
  }
}

/** The Lambda context fields the handlers log. */
export interface LambdaContext {
  readonly awsRequestId?: string
  readonly functionName?: string
}
