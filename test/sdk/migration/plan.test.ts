import assert from 'node:assert/strict'

import type {DiscoveredTable} from '../../../src/sdk/migration/discovery.js'
import {MappingError, parseMapping} from '../../../src/sdk/migration/mapping.js'
import {planFromTables} from '../../../src/sdk/migration/plan.js'

const t = (name: string, keys: string[], itemCount = 10): DiscoveredTable => ({
  name,
  keys: keys.map((k) => ({name: k, type: 'S'})),
  itemCount,
  sizeBytes: itemCount * 100,
  status: 'ACTIVE',
})

const layout: DiscoveredTable[] = [
  t('omnix-ai-products-dev', ['id']),
  t('omnix-ai-historical-data-dev', ['product_id', 'date'], 2000),
  t('omnix-ai-forecasts-dev', ['product_id', 'forecast_date'], 500),
  t('omnix-ai-alerts-dev', ['id']),
  t('omnix-ai-dev-users', ['id']),
  t('omnix-ai-cdk-dev-orders', ['id']),
  t('omnix-ai-cdk-sessions', ['id']),
  t('omnix-ai-products-prod', ['id']),
  t('omnix-ai-dev-recommendations', ['customer_id', 'product_id']),
  t('omnix-ai-inventory-dev', ['sku']),
  t('omnix-ai-temp-test', ['id']),
  t('unrelated-app-table', ['id']),
]

describe('migration plan', () => {
  it('maps the legacy layout by the built-in rules', () => {
    const plan = planFromTables(layout, {env: 'dev'})
    const copies = Object.fromEntries(plan.copies.map((c) => [c.source, c]))
    assert.deepEqual(Object.keys(copies).sort(), ['omnix-ai-alerts-dev', 'omnix-ai-cdk-dev-orders', 'omnix-ai-forecasts-dev', 'omnix-ai-historical-data-dev', 'omnix-ai-products-dev'])
    assert.equal(copies['omnix-ai-historical-data-dev'].target, 'omnix-ai-dev-forecasting')
    assert.deepEqual(copies['omnix-ai-historical-data-dev'].transformText, ['PK = "SALES#" + product_id', 'SK = "DATE#" + date'])
    assert.deepEqual(copies['omnix-ai-forecasts-dev'].transformText, ['PK = "FORECAST#" + product_id', 'SK = "DATE#" + forecast_date'])
    assert.deepEqual(copies['omnix-ai-products-dev'].transformText, [])
    assert.equal(copies['omnix-ai-cdk-dev-orders'].target, 'omnix-ai-dev-orders')

    const left = Object.fromEntries(plan.leftAlone.map((l) => [l.table, l]))
    assert.equal(left['omnix-ai-dev-users'].kind, 'catalog')
    assert.equal(left['omnix-ai-dev-recommendations'].kind, 'catalog')
    assert.equal(left['omnix-ai-products-prod'].kind, 'other-env')
    assert.equal(left['omnix-ai-cdk-sessions'].kind, 'unassigned')
    assert.equal(left['omnix-ai-inventory-dev'].kind, 'needs-mapping')
    assert.match(left['omnix-ai-inventory-dev'].reason, /keys \(sku:S\) do not fit inventory \(product_id:S\)/)
    assert.equal(left['unrelated-app-table'].kind, 'foreign')
    assert.deepEqual(
      plan.orphans.map((o) => o.table),
      ['omnix-ai-temp-test'],
    )

    const targets = Object.fromEntries(plan.targets.map((x) => [x.name, x]))
    assert.equal(targets['omnix-ai-dev-forecasting'].exists, false)
    assert.deepEqual([...targets['omnix-ai-dev-forecasting'].sources].sort(), ['omnix-ai-forecasts-dev', 'omnix-ai-historical-data-dev'])
    assert.equal(plan.totals.items, 10 + 2000 + 500 + 10 + 10)
  })

  it('has a plan id that changes with what is copied, not with counts', () => {
    const a = planFromTables(layout, {env: 'dev'})
    const b = planFromTables(
      layout.map((x) => ({...x, itemCount: x.itemCount + 1})),
      {env: 'dev'},
    )
    const c = planFromTables(layout.slice(1), {env: 'dev'})
    assert.equal(a.planId, b.planId)
    assert.notEqual(a.planId, c.planId)
  })

  it('lets a mapping file override, skip and supply key transforms', async () => {
    const mapping = await parseMapping(
      [
        'tables:',
        '  - source: omnix-ai-inventory-dev',
        '    target: inventory',
        '    transforms:',
        '      - rename: {from: sku, to: product_id}',
        '  - source: omnix-ai-temp-test',
        '    skip: load test leftovers',
      ].join('\n'),
      'map.yaml',
    )
    const plan = planFromTables(layout, {env: 'dev', mapping})
    const inv = plan.copies.find((c) => c.source === 'omnix-ai-inventory-dev')
    assert.equal(inv?.matchedBy, 'map.yaml:2')
    assert.deepEqual(inv?.transformText, ['rename sku -> product_id'])
    assert.equal(plan.leftAlone.find((l) => l.table === 'omnix-ai-temp-test')?.kind, 'skipped')
    assert.equal(plan.orphans.length, 0)
  })

  it('refuses mapped transforms that do not produce the target keys, naming the entry line', async () => {
    const mapping = await parseMapping(['tables:', '  - source: omnix-ai-alerts-dev', '    target: analytics', '    transforms:', '      - drop: [x]'].join('\n'), 'map.yaml')
    assert.throws(
      () => planFromTables(layout, {env: 'dev', mapping}),
      (e: unknown) => e instanceof MappingError && e.line === 2 && /do not produce PK, SK/.test(e.message),
    )
  })

  it('refuses a target whose key schema differs from the catalog', () => {
    assert.throws(() => planFromTables([...layout, t('omnix-ai-dev-products', ['sku'])], {env: 'dev'}), /exists with keys \(sku:S\), but the catalog says \(id:S\)/)
  })
})
