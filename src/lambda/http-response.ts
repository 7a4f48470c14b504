/** Responses in the API Gateway Lambda proxy format (CORS headers are added by cors.ts). */

export interface ApiResponse {
  readonly statusCode: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** A failure the caller can fix or should know about; becomes a JSON error response. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export function json(statusCode: number, body: unknown, requestId?: string): ApiResponse {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json',
      ...(requestId ? {'x-request-id': requestId} : {}),
    },
    body: statusCode === 204 ? '' : JSON.stringify(body),
  }
}

export function errorResponse(error: HttpError, requestId?: string): ApiResponse {
  return json(
    error.statusCode,
    {error: {message: error.message, ...(error.details === undefined ? {} : {details: error.details})}, request_id: requestId},
    requestId,
  )
}
