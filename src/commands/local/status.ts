import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {localStatus} from '../../sdk/local/lifecycle.js'

export default class LocalStatus extends OmnixCommand<typeof LocalStatus> {
  static summary = 'Show the local engine: engine, storage, port, pid, whether it answers, tables and item counts.'
  static description = `Reads .omnix/local/state.json, checks that the recorded process is alive and answers, and lists every table the engine holds with its item count. Catalog tables of the env (-e, default dev) that the engine lacks are listed as missing. Exits 0 whether or not the engine runs; "running" in the JSON says which.`
  static examples = [
    {description: 'Show the engine and its tables.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'As JSON, for scripts.', command: '<%= config.bin %> <%= command.id %> --json'},
  ]

  async run() {
    const config = await this.omnixConfig()
    const result = await localStatus({env: config.env})
    if (!this.jsonEnabled()) {
      if (!result.engine) {
        this.log('the local engine is not running (start it with `omnix local up`)')
        return result
      }
      const state = result.running ? 'running' : result.alive ? 'not answering' : 'not running (stale state)'
      this.log(
        renderTable([
          {key: 'engine', value: result.engine},
          {key: 'state', value: state},
          {key: 'endpoint', value: result.endpoint},
          {key: 'pid', value: result.pid},
          {key: 'storage', value: result.storage === 'in-memory' ? 'in memory (gone when it stops)' : 'on disk'},
          {key: 'data', value: result.dataDir ?? '-'},
          {key: 'started', value: result.startedAt},
        ]),
      )
      if (result.tables.length > 0) this.log(`\n${renderTable(result.tables.map((t) => ({table: t.name, status: t.status, items: t.itemCount})))}`)
      if (result.running && result.missingTables.length > 0) {
        this.log(`\nmissing ${result.env} tables: ${result.missingTables.join(', ')} (create them with \`omnix local up -e ${result.env}\`)`)
      }
    }
    return result
  }
}
