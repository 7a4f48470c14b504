/**
 * A migration run in its own process, for the kill-and-resume test. Once `hangAfter` items have
 * been sent, every further BatchWriteItem call hangs, so the parent can kill the process while
 * writes are in flight and the checkpoint shows partial progress.
 *
 * argv: endpoint env stateFile hangAfter
 */
import type {BatchWriteItemCommandInput} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../../../src/sdk/aws/target.js'
import {FileStateStore} from '../../../src/sdk/migration/checkpoint.js'
import {buildPlan} from '../../../src/sdk/migration/plan.js'
import {runMigration} from '../../../src/sdk/migration/run.js'
import {migrationClients} from '../../../src/sdk/migration/session.js'

const [endpoint, env, stateFile, hangAfter] = process.argv.slice(2)
const clients = await migrationClients({region: 'us-east-1', endpoint, credentials: LOCAL_CREDENTIALS, local: true})
let sent = 0
clients.write.middlewareStack.add(
  (next) => async (args) => {
    const input = args.input as BatchWriteItemCommandInput
    if (sent >= Number(hangAfter)) return new Promise<never>(() => {})
    sent += Object.values(input.RequestItems ?? {})[0]?.length ?? 0
    return next(args)
  },
  {step: 'initialize', name: 'hangAfterThreshold'},
)
const plan = await buildPlan(clients.read, {env})
await runMigration({plan, clients, store: new FileStateStore(stateFile), segments: 3, scanLimit: 100, maxConcurrency: 4})
process.stdout.write('finished\n')
