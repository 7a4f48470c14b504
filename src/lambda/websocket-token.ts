/**
 * Where a WebSocket client puts its user JWT on `$connect`: browsers cannot set an Authorization
 * header on a WebSocket, so the token travels in the `token` query string parameter or as a
 * subprotocol (`new WebSocket(url, ['bearer', token])`, sent as `Sec-WebSocket-Protocol`).
 */

/** The subprotocol that announces a token; the `$connect` response echoes it, as browsers require. */
export const TOKEN_SUBPROTOCOL = 'bearer'

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

type Headers = Readonly<Record<string, string | undefined>> | null | undefined

export function header(headers: Headers, name: string): string | undefined {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]
  return found === undefined || found === '' ? undefined : found
}

function offeredProtocols(headers: Headers): string[] {
  return (header(headers, 'sec-websocket-protocol') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

/** The token of a `$connect` request: `?token=`, else a JWT-shaped subprotocol, else `Authorization: Bearer`. */
export function connectToken(headers: Headers, query: Headers): string | undefined {
  const fromQuery = header(query, 'token')
  if (fromQuery) return fromQuery
  const fromProtocol = offeredProtocols(headers).find((p) => JWT_SHAPE.test(p))
  if (fromProtocol) return fromProtocol
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization')?.trim() ?? '')
  return bearer?.[1]
}

/** The subprotocol the `$connect` response must name, when the client offered any. */
export function acceptedSubprotocol(headers: Headers): string | undefined {
  const offered = offeredProtocols(headers)
  if (offered.length === 0) return undefined
  return offered.find((p) => p === TOKEN_SUBPROTOCOL) ?? offered.find((p) => !JWT_SHAPE.test(p)) ?? offered[0]
}
