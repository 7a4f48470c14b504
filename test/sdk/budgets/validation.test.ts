import assert from 'node:assert/strict'

import {parseAmount, parseCustomerTag, parseEmails, parseSnsTopic} from '../../../src/sdk/budgets/validation.js'
import {UsageError} from '../../../src/sdk/errors.js'

const usage = (pattern: RegExp) => (e: Error) => e instanceof UsageError && e.exitCode === 2 && pattern.test(e.message)

describe('sdk/budgets validation', () => {
  it('reads USD amounts into cents', () => {
    assert.equal(parseAmount('--daily', '50'), 5000)
    assert.equal(parseAmount('--daily', '49.99'), 4999)
    assert.equal(parseAmount('--daily', '0.5'), 50)
    assert.equal(parseAmount('--monthly', '$1000'), 100_000)
    assert.equal(parseAmount('--monthly', '1000 USD'), 100_000)
  })

  it('refuses non-positive amounts, more than 2 decimals and other currencies, naming the flag', () => {
    assert.throws(() => parseAmount('--daily', '0'), usage(/^--daily: the amount must be positive/))
    assert.throws(() => parseAmount('--daily', '-5'), usage(/^--daily: the amount must be positive/))
    assert.throws(() => parseAmount('--monthly', '10.005'), usage(/^--monthly: "10\.005" has more than 2 decimals/))
    assert.throws(() => parseAmount('--bedrock-monthly', '300 EUR'), usage(/^--bedrock-monthly: "300 EUR" is in EUR; budgets are in USD/))
    assert.throws(() => parseAmount('--daily', 'fifty'), usage(/^--daily: "fifty" is not an amount/))
    assert.throws(() => parseAmount('--daily', '1,000'), usage(/^--daily: "1,000" is not an amount/))
  })

  it('validates emails, splits commas, de-duplicates ignoring case and allows at most 10', () => {
    assert.deepEqual(parseEmails(['ops@example.com,Finance@Example.com', 'OPS@example.com']), ['ops@example.com', 'Finance@Example.com'])
    assert.throws(() => parseEmails(['ops@example']), usage(/^--email: "ops@example" is not an email address/))
    const eleven = Array.from({length: 11}, (_, i) => `user${i}@example.com`)
    assert.throws(() => parseEmails(eleven), usage(/^--email: 11 addresses given; AWS Budgets allows at most 10 per notification/))
    assert.equal(parseEmails(eleven.slice(0, 10)).length, 10)
  })

  it('accepts one SNS topic ARN', () => {
    assert.equal(parseSnsTopic(['arn:aws:sns:eu-central-1:123456789012:omnix-alerts']), 'arn:aws:sns:eu-central-1:123456789012:omnix-alerts')
    assert.equal(parseSnsTopic([]), undefined)
    assert.throws(() => parseSnsTopic(['arn:aws:sqs:eu-central-1:123456789012:queue']), usage(/^--sns-topic: ".*" is not an SNS topic ARN/))
    assert.throws(() => parseSnsTopic(['arn:aws:sns:eu-central-1:12345:t']), usage(/^--sns-topic:/))
    assert.throws(
      () => parseSnsTopic(['arn:aws:sns:eu-central-1:123456789012:a', 'arn:aws:sns:eu-central-1:123456789012:b']),
      usage(/^--sns-topic: 2 topics given; AWS Budgets allows 1 SNS topic per notification/),
    )
  })

  it('parses --customer-tag key[=value]', () => {
    assert.deepEqual(parseCustomerTag('customer=acme'), {key: 'customer', value: 'acme'})
    assert.deepEqual(parseCustomerTag('tenant'), {key: 'tenant', value: null})
    assert.throws(() => parseCustomerTag('=acme'), usage(/^--customer-tag: "=acme" has no valid tag key/))
    assert.throws(() => parseCustomerTag('customer='), usage(/^--customer-tag: "customer=" has an empty or invalid tag value/))
    assert.throws(() => parseCustomerTag('aws:createdBy'), usage(/^--customer-tag: "aws:createdBy" is an AWS-reserved tag key/))
  })
})
