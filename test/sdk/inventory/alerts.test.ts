import assert from 'node:assert/strict'

import {ALERT_TTL_DAYS} from '../../../src/sdk/catalog/tables.js'
import {stockoutAlertItem} from '../../../src/sdk/inventory/alerts.js'
import {inventoryPolicy} from '../../../src/sdk/inventory/policy.js'

describe('stock-out alert item', () => {
  const now = new Date('2025-03-10T08:30:00Z')
  const high = inventoryPolicy({stockOnHand: 150, leadTimeDays: 4, serviceLevel: 95, dailyDemand: Array(30).fill(50), dailySigma: Array(30).fill(10)})
  const medium = inventoryPolicy({stockOnHand: 220, leadTimeDays: 4, serviceLevel: 95, dailyDemand: Array(30).fill(50), dailySigma: Array(30).fill(10)})

  it('is keyed ALERT#<product> / STOCKOUT#<day> with the fields the analytics GSI and dashboards read', () => {
    const item = stockoutAlertItem({productId: 'COF-001', date: '2025-03-10', stockOnHand: 150, serviceLevel: 95, policy: high, now})
    assert.deepEqual(item.PK, {S: 'ALERT#COF-001'})
    assert.deepEqual(item.SK, {S: 'STOCKOUT#2025-03-10'})
    assert.deepEqual(item.priority, {S: 'high'})
    assert.deepEqual(item.created_at, {S: '2025-03-10T08:30:00.000Z'})
    assert.deepEqual(item.alert_type, {S: 'stockout_risk'})
    assert.deepEqual(item.product_id, {S: 'COF-001'})
    assert.deepEqual(item.reorder_point, {N: '233'})
    assert.deepEqual(item.safety_stock, {N: '33'})
    assert.deepEqual(item.stock_on_hand, {N: '150'})
    assert.deepEqual(item.stockout_probability, {N: '0.9938'})
    assert.equal(Number(item.ttl.N), Math.floor(now.getTime() / 1000) + ALERT_TTL_DAYS * 86_400)
    assert.match(item.message.S as string, /COF-001: 150 in stock, reorder point 233 .*99 % chance/)
  })

  it('is medium priority when stock is below the reorder point but above the expected lead-time demand', () => {
    assert.equal(medium.risk, 'medium')
    const item = stockoutAlertItem({productId: 'TEA-002', date: '2025-03-10', stockOnHand: 220, serviceLevel: 95, policy: medium, now})
    assert.deepEqual(item.priority, {S: 'medium'})
  })
})
