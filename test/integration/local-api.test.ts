import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {DeleteTableCommand} from '@aws-sdk/client-dynamodb'

import {type LocalGateway, matchRoute, startLocalGateway} from '../../src/lambda/local-gateway.js'
import {setLogSink} from '../../src/lambda/structured-log.js'
import {TABLES, tableName} from '../../src/sdk/catalog/tables.js'
import {dateRange} from '../../src/sdk/forecast-store/dates.js'
import {ROOT} from '../helpers/run-command.js'
import {type Harness, harness, putSales, SHARED_ENV, WEEK} from './forecast-store/fixtures.js'

describe('local API over real HTTP (DynamoDB Local)', function () {
  this.timeout(180_000)
  const env = `lapi${process.pid}`
  let h: Harness
  let gw: LocalGateway
  let auth: Record<string, string>
  let restoreSink: ReturnType<typeof setLogSink>

  const call = async (method: string, path: string, options: {headers?: Record<string, string>; body?: string} = {}) => {
    const res = await fetch(`${gw.url}${path}`, {method, headers: options.headers, body: options.body})
    const text = await res.text()
    return {status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers}
  }

  before(async () => {
    restoreSink = setLogSink(() => {})
    h = await harness(env)
    await putSales(h.client, env, 'LAPI-1', dateRange('2025-01-01', 90).map((d, i) => [d, WEEK[i % 7]] as const))
    gw = await startLocalGateway({env, region: 'us-east-1', dynamoEndpoint: h.endpoint, shardSize: 1})
    auth = {'x-api-key': gw.apiKey, authorization: `Bearer ${gw.userToken}`}
  })
  after(async () => {
    await gw?.close()
    setLogSink(restoreSink)
    for (const def of TABLES) await h.client.send(new DeleteTableCommand({TableName: tableName(env, def.id)})).catch(() => {})
    h.client.destroy()
  })

  it('listens on 127.0.0.1 under the env stage and routes literal segments before parameters', () => {
    assert.match(gw.url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${env}$`))
    assert.equal(matchRoute('GET', '/v1/forecasts/jobs/j-1')?.route.path, '/v1/forecasts/jobs/{job_id}')
    assert.equal(matchRoute('GET', '/v1/forecasts/COF-1')?.route.path, '/v1/forecasts/{product_id}')
    assert.equal(matchRoute('GET', '/v1/sales-data/summary')?.route.path, '/v1/sales-data/summary')
  })

  it('serves the health check without a key', async () => {
    const res = await call('GET', '/v1/system/health')
    assert.equal(res.status, 200)
    assert.equal(res.body.status, 'ok')
    assert.equal(res.body.environment, env)
  })

  it('answers 401 without the API key, or with the key but without a user token', async () => {
    const noKey = await call('GET', '/v1/products')
    assert.equal(noKey.status, 401)
    assert.match(noKey.body.error.message, /x-api-key/)
    const wrongKey = await call('GET', '/v1/products', {headers: {...auth, 'x-api-key': 'nope'}})
    assert.equal(wrongKey.status, 401)
    const noToken = await call('GET', '/v1/products', {headers: {'x-api-key': gw.apiKey}})
    assert.equal(noToken.status, 401)
    const badToken = await call('GET', '/v1/products', {headers: {'x-api-key': gw.apiKey, authorization: 'Bearer not.a.jwt'}})
    assert.equal(badToken.status, 401)
  })

  it('creates, lists, updates and deletes a product with the key', async () => {
    const json = {...auth, 'content-type': 'application/json'}
    const created = await call('POST', '/v1/products', {headers: json, body: JSON.stringify({id: 'LAPI-P', name: 'Local', price: 2.5})})
    assert.equal(created.status, 201)
    assert.equal(created.body.id, 'LAPI-P')
    const listed = await call('GET', '/v1/products?limit=10', {headers: auth})
    assert.equal(listed.status, 200)
    assert.ok(listed.body.items.some((p: {id: string}) => p.id === 'LAPI-P'))
    const updated = await call('PUT', '/v1/products/LAPI-P', {headers: json, body: JSON.stringify({price: 3})})
    assert.equal(updated.status, 200)
    assert.equal(updated.body.price, 3)
    const deleted = await call('DELETE', '/v1/products/LAPI-P', {headers: auth})
    assert.equal(deleted.status, 204)
    const again = await call('DELETE', '/v1/products/LAPI-P', {headers: auth})
    assert.equal(again.status, 404)
  })

  it('answers 400 with the handler\'s error for a bad body', async () => {
    const notJson = await call('POST', '/v1/products', {headers: auth, body: '{"name":'})
    assert.equal(notJson.status, 400)
    assert.match(notJson.body.error.message, /not valid JSON/)
    const unknownField = await call('POST', '/v1/products', {headers: auth, body: JSON.stringify({name: 'x', colour: 'red'})})
    assert.equal(unknownField.status, 400)
    assert.match(unknownField.body.error.message, /unknown product field colour/)
  })

  it('runs a generated job in-process to done; the forecast is then served', async () => {
    const generated = await call('POST', '/v1/forecasts/generate', {headers: auth, body: JSON.stringify({product_ids: ['LAPI-1', 'LAPI-GHOST'], horizon_days: 7})})
    assert.equal(generated.status, 202)
    const jobId = generated.body.job_id as string
    const planned = await call('GET', `/v1/forecasts/jobs/${jobId}`, {headers: auth})
    assert.equal(planned.status, 200, 'the job item exists as soon as generate answers')
    await gw.settled()
    const job = await call('GET', `/v1/forecasts/jobs/${jobId}`, {headers: auth})
    assert.equal(job.body.status, 'done')
    assert.equal(job.body.requested_by, 'local-user')
    assert.deepEqual([job.body.products_done, job.body.products_skipped, job.body.shards_total], [1, 1, 1])
    assert.deepEqual(job.body.skipped, [{product_id: 'LAPI-GHOST', reason: 'no sales history (unknown product)'}])
    const forecast = await call('GET', '/v1/forecasts/LAPI-1', {headers: auth})
    assert.equal(forecast.status, 200)
    assert.equal(forecast.body.forecast.length, 7)
    assert.equal(forecast.body.forecast[0].date, '2025-04-01')
  })

  it('omnix local api prints its URL and key, serves, and stops cleanly on Ctrl-C', async () => {
    // The command class itself, in its own process (no build or manifest needed), so Ctrl-C is a real SIGINT.
    const argv = ['-e', SHARED_ENV, '--endpoint-url', h.endpoint, '--api-key', 'k-123', '--json']
    const script = `import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'commands', 'local', 'api.ts')).href)}).then((m) => m.default.run(${JSON.stringify(argv)}, ${JSON.stringify(ROOT)}))`
    const child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: {...process.env, OMNIX_LOCAL: undefined, CI: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const info = await new Promise<{url: string; api_key: string}>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d
        const end = stdout.indexOf('\n}')
        if (end !== -1) resolve(JSON.parse(stdout.slice(0, end + 2)))
      })
      child.once('exit', (code) => reject(new Error(`exited ${code} before serving: ${stderr}`)))
    })
    assert.equal(info.api_key, 'k-123', stdout)
    assert.match(info.url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${SHARED_ENV}$`))
    const health = await fetch(`${info.url}/v1/system/health`)
    assert.equal(health.status, 200)
    const denied = await fetch(`${info.url}/v1/products`)
    assert.equal(denied.status, 401)
    child.kill('SIGINT')
    const [code] = await once(child, 'exit')
    assert.equal(code, 0, stderr)
    assert.match(stderr, /stopped/)
  })
})
