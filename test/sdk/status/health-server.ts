import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

/** A tiny HTTP server on 127.0.0.1 standing in for the deployed API's stage. */
export interface HealthServer {
  /** Stage URL as the api stack's ApiUrl output has it, e.g. `http://127.0.0.1:PORT/prod/`. */
  readonly stageUrl: string
  /** Paths requested so far. */
  readonly requests: string[]
  /** What the health route answers: a status code, or `hang` to never answer. */
  answer: number | 'hang'
  close(): Promise<void>
}

export async function startHealthServer(stage: string): Promise<HealthServer> {
  const requests: string[] = []
  const hanging = new Set<import('node:http').ServerResponse>()
  const state = {answer: 200 as number | 'hang'}
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    if (req.url !== `/${stage}/v1/system/health`) {
      res.writeHead(404).end('{"message":"Not Found"}')
      return
    }
    if (state.answer === 'hang') {
      hanging.add(res)
      return
    }
    res.writeHead(state.answer, {'content-type': 'application/json'}).end('{"status":"ok"}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    stageUrl: `http://127.0.0.1:${port}/${stage}/`,
    requests,
    get answer() {
      return state.answer
    },
    set answer(value) {
      state.answer = value
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
