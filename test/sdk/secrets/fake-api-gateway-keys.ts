import {
  APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
} from '@aws-sdk/client-api-gateway'
import {mockClient} from 'aws-sdk-client-mock'

interface Key {
  id: string
  name: string
  value: string
  plans: Set<string>
}

/**
 * API Gateway's API keys and usage plans behind aws-sdk-client-mock: keys with values, plan
 * membership (adding a key twice is a ConflictException), deleting a key removes it everywhere.
 */
export class FakeApiGatewayKeys {
  readonly mock = mockClient(APIGatewayClient)
  readonly keys = new Map<string, Key>()
  readonly plans = new Map<string, string>()
  private next = 1

  constructor() {
    this.mock.on(GetUsagePlansCommand).callsFake(() => ({items: [...this.plans].map(([id, name]) => ({id, name}))}))
    this.mock.on(GetApiKeysCommand).callsFake((input: {nameQuery?: string; includeValues?: boolean}) => ({
      items: [...this.keys.values()]
        .filter((k) => !input.nameQuery || k.name.startsWith(input.nameQuery))
        .map((k) => ({id: k.id, name: k.name, enabled: true, ...(input.includeValues ? {value: k.value} : {})})),
    }))
    this.mock.on(CreateApiKeyCommand).callsFake((input: {name: string; value: string}) => {
      const id = `key${String(this.next++).padStart(4, '0')}`
      this.keys.set(id, {id, name: input.name, value: input.value, plans: new Set()})
      return {id, name: input.name, enabled: true}
    })
    this.mock.on(CreateUsagePlanKeyCommand).callsFake((input: {usagePlanId: string; keyId: string}) => {
      const key = this.keys.get(input.keyId)
      if (!key || !this.plans.has(input.usagePlanId)) throw new NotFoundException({message: 'Invalid usage plan or key', $metadata: {}})
      if (key.plans.has(input.usagePlanId)) throw new ConflictException({message: 'Usage plan key already exists', $metadata: {}})
      key.plans.add(input.usagePlanId)
      return {id: key.id, type: 'API_KEY', name: key.name}
    })
    this.mock.on(DeleteApiKeyCommand).callsFake((input: {apiKey: string}) => {
      if (!this.keys.delete(input.apiKey)) throw new NotFoundException({message: 'Invalid API Key identifier specified', $metadata: {}})
      return {}
    })
  }

  addPlan(id: string, name: string): void {
    this.plans.set(id, name)
  }

  addKey(id: string, name: string, value: string, plan?: string): void {
    this.keys.set(id, {id, name, value, plans: new Set(plan ? [plan] : [])})
  }

  /** The keys a usage plan accepts: name → value. */
  accepted(plan: string): Record<string, string> {
    return Object.fromEntries([...this.keys.values()].filter((k) => k.plans.has(plan)).map((k) => [k.name, k.value]))
  }

  calls(): Array<{command: string; input: Record<string, unknown>; callId: number}> {
    return this.mock.calls().map((c) => {
      const command = c.args[0] as unknown as {constructor: {name: string}; input: Record<string, unknown>}
      return {command: command.constructor.name, input: JSON.parse(JSON.stringify(command.input)), callId: (c as unknown as {callId: number}).callId}
    })
  }

  client(): APIGatewayClient {
    return new APIGatewayClient({region: 'us-east-1'})
  }

  restore(): void {
    this.mock.restore()
  }
}
