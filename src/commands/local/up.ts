import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {localUp} from '../../sdk/local/lifecycle.js'

export default class LocalUp extends OmnixCommand<typeof LocalUp> {
  static summary = 'Start the local DynamoDB engine and create the platform tables in it.'
  static description = `Starts AWS's DynamoDB Local on a free port, detached (it keeps running after this command), with its data on disk under .omnix/local/data so it survives \`omnix local down\` and \`up\`. --in-memory keeps the data in memory instead: writes are several times faster (no file sync per batch), and the data is gone when the engine stops. The engine comes from the npm package amplify-dynamodb-simulator, fetched once into ~/.cache/omnix (OMNIX_CACHE_DIR overrides); it needs Java 17.
Then creates the env's tables from the catalog (keys, GSIs, TTL) unless they exist. Running it again is safe: a running engine and existing tables are left alone. An engine already running in the other storage mode is reused as it is, with a note saying how to switch (stopping an in-memory engine loses its data, so it is never switched silently).
Without Java 17 it falls back to dynalite (pure Node, no TTL, no transactions); --engine chooses explicitly.
Security: DynamoDB Local has no host option. It listens on every network interface, not only 127.0.0.1, and accepts any credentials, so anyone who can reach the port can read and change the local data. Use it on a trusted network or firewall the port. (dynalite is bound to 127.0.0.1.)
Data-plane commands reach the engine with --local (or OMNIX_LOCAL=1).`
  static examples = [
    {description: 'Start the engine and create the dev tables.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Also create the staging tables, as JSON.', command: '<%= config.bin %> <%= command.id %> -e staging --json'},
    {description: 'Use the pure-Node engine (no Java needed).', command: '<%= config.bin %> <%= command.id %> --engine dynalite'},
    {description: 'Fast and throwaway: data in memory, gone at `omnix local down`.', command: '<%= config.bin %> <%= command.id %> --in-memory'},
  ]
  static flags = {
    engine: Flags.string({
      summary: 'Engine to run: dynamodb-local (needs Java 17) or dynalite. Default: dynamodb-local when Java 17 is present, else dynalite.',
      options: ['dynamodb-local', 'dynalite'],
    }),
    'in-memory': Flags.boolean({summary: 'Keep the data in memory: faster writes, gone when the engine stops.'}),
    timeout: Flags.integer({summary: 'Seconds to wait for the engine to answer.', default: 90, min: 1}),
  }

  async run() {
    const config = await this.omnixConfig()
    const result = await localUp({
      env: config.env,
      engine: this.flags.engine as 'dynamodb-local' | 'dynalite' | undefined,
      storage: this.flags['in-memory'] ? 'in-memory' : 'on-disk',
      readyTimeoutMs: this.flags.timeout * 1000,
      onProgress: (message) => {
        if (!this.jsonEnabled()) this.note(message)
      },
    })
    for (const notice of result.notices) this.note(`note: ${notice}`)
    if (!this.jsonEnabled()) {
      const data = result.dataDir ? `data in ${result.dataDir}` : 'data in memory (gone when it stops)'
      this.log(
        result.alreadyRunning
          ? `${result.engine} is already running at ${result.endpoint} (pid ${result.pid}), ${data}`
          : `${result.engine} started at ${result.endpoint} (pid ${result.pid}), ${data}`,
      )
      this.log(renderTable(result.tables.map((t) => ({table: t.name, action: t.action, ttl: t.ttl}))))
      this.log(`\nuse it with --local (or OMNIX_LOCAL=1); stop it with \`omnix local down\``)
    }
    return result
  }
}
