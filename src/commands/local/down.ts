import {OmnixCommand} from '../../cli/base-command.js'
import {localDown} from '../../sdk/local/lifecycle.js'

export default class LocalDown extends OmnixCommand<typeof LocalDown> {
  static summary = 'Stop the local DynamoDB engine (on-disk data stays; in-memory data is gone).'
  static description = `Sends the engine SIGTERM, then SIGKILL if it has not exited after a grace period, and removes .omnix/local/state.json. The data under .omnix/local/data is kept: the next \`omnix local up\` finds the same tables and items. An engine started in memory (\`omnix local up --in-memory\`, \`omnix demo\`) loses its data, and the command warns so. Stopping an engine that is not running is not an error.`
  static examples = [
    {description: 'Stop the engine.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Stop it and print what happened as JSON.', command: '<%= config.bin %> <%= command.id %> --json'},
  ]

  async run() {
    const result = await localDown()
    if (!this.jsonEnabled()) {
      if (result.outcome === 'not-running') this.log('the local engine is not running')
      else if (result.outcome === 'stale') this.log(`the local engine (pid ${result.pid}) had already exited; state cleared`)
      else this.log(`${result.engine} (pid ${result.pid}) stopped${result.signal === 'SIGKILL' ? ' (killed after the grace period)' : ''}; ${result.dataLost ? 'it ran in memory' : 'data kept'}`)
    }
    if (result.dataLost) this.note('warning: the engine kept its data in memory: its tables and items are gone (`omnix local up` starts an empty one; `omnix demo` fills it again)')
    return result
  }
}
