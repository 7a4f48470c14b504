import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'

export interface LocalApiInfo {
  readonly env: string
  readonly url: string
  readonly port: number
  readonly api_key: string
  readonly user_token: string
  readonly dynamodb_endpoint: string
}

export default class LocalApi extends OmnixCommand<typeof LocalApi> {
  static summary = "Serve the platform's REST API on 127.0.0.1 over the local engine, until Ctrl-C."
  static description = `Serves every /v1 route of the REST API on http://127.0.0.1:<port>/<env>, the way \`sam local start-api\` does: each request becomes the API Gateway event of its route and goes to the same Lambda handler the deployed API runs, so routes, validation and error shapes are the deployed ones. The handlers read and write the local engine (\`omnix local up\`, or --endpoint-url).
As deployed, every route but GET /v1/system/health wants the API key in x-api-key (generated and printed unless --api-key is given) and a user JWT in Authorization: Bearer <token> (printed; signed with a key made for this server, valid 12 hours).
POST /v1/forecasts/generate plans the job and runs its shards in this process with the forecast worker's code (no queue); GET /v1/forecasts/jobs/{job_id} and \`omnix forecast jobs --local\` show it. Ctrl-C stops the server after running jobs finish.`
  static examples = [
    {description: 'Serve the dev API on a free port.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'On port 3000 with a fixed key.', command: '<%= config.bin %> <%= command.id %> --port 3000 --api-key dev-key'},
    {description: 'Print the URL, key and token as JSON (for scripts), then serve.', command: '<%= config.bin %> <%= command.id %> --json'},
  ]
  static flags = {
    port: Flags.integer({summary: 'Port on 127.0.0.1 (default: a free one).', default: 0, min: 0, max: 65_535}),
    'api-key': Flags.string({summary: 'API key clients must send in x-api-key (default: generated).'}),
    'endpoint-url': Flags.string({summary: 'DynamoDB endpoint to serve from (default: the running local engine).', helpGroup: 'TARGET'}),
  }

  async run(): Promise<LocalApiInfo | undefined> {
    const config = await this.omnixConfig()
    const {flags} = this
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const {ensureCatalogTables} = await import('../../sdk/dynamodb/catalog-tables.js')
    const {startLocalGateway} = await import('../../lambda/local-gateway.js')
    const target = await resolveDataPlaneTarget({region: config.region, endpointUrl: flags['endpoint-url'], local: !flags['endpoint-url']})
    const endpoint = target.endpoint as string
    const client = await dynamoClient(target)
    try {
      const {readLocalState} = await import('../../sdk/local/state.js')
      const engine = target.local && !flags['endpoint-url'] ? (await readLocalState())?.engine : undefined
      await ensureCatalogTables(client, config.env, {ttlSupported: engine !== 'dynalite'})
    } finally {
      client.destroy()
    }
    const gateway = await startLocalGateway({
      env: config.env,
      region: config.region,
      dynamoEndpoint: endpoint,
      port: flags.port,
      apiKey: flags['api-key'],
      onRequest: (line) => this.note(line),
    })
    const info: LocalApiInfo = {
      env: config.env,
      url: gateway.url,
      port: gateway.port,
      api_key: gateway.apiKey,
      user_token: gateway.userToken,
      dynamodb_endpoint: endpoint,
    }
    if (this.jsonEnabled()) {
      this.logJson(info)
    } else {
      this.log(`omnix ${config.env} API on ${gateway.url}  (routes under /v1, data from ${endpoint})`)
      this.log(`x-api-key: ${gateway.apiKey}`)
      this.log(`Authorization: Bearer ${gateway.userToken}`)
      this.log(`\ncurl ${gateway.url}/v1/system/health`)
      this.log('Ctrl-C stops it.')
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    this.note('stopping (waiting for running forecast jobs)...')
    await gateway.close()
    this.note('stopped')
    // The one JSON document was printed at start.
    return this.jsonEnabled() ? undefined : info
  }
}
