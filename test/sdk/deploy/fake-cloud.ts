import * as cfn from '@aws-sdk/client-cloudformation'
import * as s3 from '@aws-sdk/client-s3'
import * as ssm from '@aws-sdk/client-ssm'
import * as sts from '@aws-sdk/client-sts'
// The toolkit assumes the bootstrap roles through the credential provider, which sends AssumeRole with
// the SDK's nested STS client rather than @aws-sdk/client-sts: both have to be answered.
import * as nestedSts from '@aws-sdk/nested-clients/sts'
import {type AwsStub, mockClient} from 'aws-sdk-client-mock'

export const FAKE_ACCOUNT = '123456789012'

export interface RecordedCall {
  readonly service: 'cloudformation' | 's3' | 'ssm' | 'sts'
  readonly command: string
  readonly input: Record<string, unknown>
}

export interface FakeFailure {
  /** Logical id of the resource whose creation fails. */
  readonly logicalId: string
  readonly reason: string
}

export interface FakeCloudOptions {
  readonly region?: string
  /** `false` answers the bootstrap version lookup with ParameterNotFound (an unbootstrapped account). */
  readonly bootstrapped?: boolean
  /** Stack outputs by stack name; stacks not listed report their template's Outputs with fake values. */
  readonly outputs?: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** Resource failures by stack name: that resource's creation fails and the stack rolls back. */
  readonly failures?: Readonly<Record<string, FakeFailure>>
  /** Stacks that exist before the test, by name, with their deployed templates. */
  readonly existing?: Readonly<Record<string, Record<string, unknown>>>
  /** Every call rejects with this error name (e.g. ExpiredToken) from STS, simulating bad credentials. */
  readonly credentialsError?: string
}

interface FakeStack {
  readonly name: string
  readonly id: string
  status: string
  template: Template
  outputs: Record<string, string>
  events: cfn.StackEvent[]
  readonly changeSets: Map<string, FakeChangeSet>
}

interface FakeChangeSet {
  readonly name: string
  readonly id: string
  readonly template: Template
  readonly created: Date
  readonly type: string
}

interface Template {
  Resources?: Record<string, {Type: string}>
  Outputs?: Record<string, unknown>
}

/**
 * An in-memory CloudFormation, S3, SSM and STS behind aws-sdk-client-mock: enough state (stacks, change
 * sets, events, uploaded templates) for the CDK toolkit's real deploy and destroy code paths to run.
 */
export class FakeCloud {
  readonly calls: RecordedCall[] = []
  private readonly stacks = new Map<string, FakeStack>()
  private readonly objects = new Map<string, Buffer>()
  private readonly mocks: Array<AwsStub<any, any, any>> = []
  private readonly region: string
  private clock = Date.now()

  constructor(private readonly options: FakeCloudOptions = {}) {
    this.region = options.region ?? 'us-east-1'
    for (const [name, template] of Object.entries(options.existing ?? {})) {
      const stack = this.newStack(name)
      stack.status = 'CREATE_COMPLETE'
      stack.template = template as Template
      this.stacks.set(name, stack)
    }
  }

  /** Starts answering; call `restore()` afterwards. */
  install(): this {
    this.mock('sts', sts.STSClient, sts, {
      GetCallerIdentityCommand: () => {
        this.failCredentials()
        return {Account: FAKE_ACCOUNT, Arn: `arn:aws:iam::${FAKE_ACCOUNT}:user/deployer`, UserId: 'AIDATEST'}
      },
    })
    this.mock('sts', nestedSts.STSClient, nestedSts, {
      AssumeRoleCommand: () => {
        this.failCredentials()
        return {
          Credentials: {AccessKeyId: 'ASIATEST', SecretAccessKey: 'assumed', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000)},
          AssumedRoleUser: {Arn: `arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/cdk/deployer`, AssumedRoleId: 'AROATEST:deployer'},
        }
      },
    })
    this.mock('ssm', ssm.SSMClient, ssm, {
      GetParameterCommand: (input) => {
        if (this.options.bootstrapped === false) {
          throw Object.assign(new Error(`Parameter ${String(input.Name)} not found.`), {name: 'ParameterNotFound'})
        }
        return {Parameter: {Name: input.Name, Type: 'String', Value: '30'}}
      },
    })
    this.mock('s3', s3.S3Client, s3, {
      GetBucketLocationCommand: () => ({}),
      GetBucketEncryptionCommand: () => ({ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}}]}}),
      ListObjectsV2Command: (input) => ({KeyCount: 0, Contents: [], Name: input.Bucket}),
      PutObjectCommand: (input) => {
        if (Buffer.isBuffer(input.Body) || input.Body instanceof Uint8Array) this.objects.set(String(input.Key), Buffer.from(input.Body as Uint8Array))
        else if (typeof input.Body === 'string') this.objects.set(String(input.Key), Buffer.from(input.Body))
        return {ETag: '"etag"'}
      },
    })
    this.mock('cloudformation', cfn.CloudFormationClient, cfn, {
      DescribeStacksCommand: (input) => ({Stacks: [this.describe(this.find(String(input.StackName)))]}),
      GetTemplateCommand: (input) => ({TemplateBody: JSON.stringify(this.find(String(input.StackName)).template)}),
      CreateChangeSetCommand: (input) => this.createChangeSet(input),
      DescribeChangeSetCommand: (input) => this.describeChangeSet(input),
      ExecuteChangeSetCommand: (input) => this.execute(input),
      DeleteChangeSetCommand: (input) => {
        this.stackByNameOrId(String(input.StackName))?.changeSets.delete(String(input.ChangeSetName))
        return {}
      },
      DescribeStackEventsCommand: (input) => ({StackEvents: [...this.find(String(input.StackName)).events].reverse()}),
      DeleteStackCommand: (input) => this.deleteStack(String(input.StackName)),
      // Read after a failure, to diagnose it.
      DescribeStackResourcesCommand: () => ({StackResources: []}),
      ListStackResourcesCommand: () => ({StackResourceSummaries: []}),
      GetTemplateSummaryCommand: () => ({ResourceIdentifierSummaries: []}),
    })
    return this
  }

  restore(): void {
    for (const mock of this.mocks) mock.restore()
    this.mocks.length = 0
  }

  /** Names of recorded commands in order (e.g. CreateChangeSet), optionally only one service's. */
  commandNames(service?: RecordedCall['service']): string[] {
    return this.calls.filter((c) => !service || c.service === service).map((c) => c.command)
  }

  inputsOf(command: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.command === command).map((c) => c.input)
  }

  /** Commands sent that this fake does not implement (an answer the toolkit did not get). */
  unexpected(): string[] {
    return this.mocks.flatMap((mock) =>
      mock
        .calls()
        .map((call) => (call.args[0] as object).constructor.name)
        .filter((name) => !this.calls.some((c) => `${c.command}Command` === name)),
    )
  }

  stackStatus(name: string): string | undefined {
    return this.stacks.get(name)?.status
  }

  private mock(
    service: RecordedCall['service'],
    client: new (...args: any[]) => any,
    module: Record<string, unknown>,
    handlers: Record<string, (input: Record<string, unknown>) => unknown>,
  ): void {
    const stub = mockClient(client as any) as AwsStub<any, any, any>
    stub.onAnyCommand().callsFake(() => {
      throw new Error('not implemented by the fake cloud')
    })
    for (const [command, handler] of Object.entries(handlers)) {
      stub.on(module[command] as any).callsFake(async (input: Record<string, unknown>) => {
        this.calls.push({service, command: command.replace(/Command$/, ''), input})
        return handler(input)
      })
    }
    this.mocks.push(stub)
  }

  private failCredentials(): void {
    if (this.options.credentialsError) {
      throw Object.assign(new Error('The security token included in the request is invalid.'), {name: this.options.credentialsError})
    }
  }

  private tick(): Date {
    this.clock = Math.max(this.clock + 1, Date.now())
    return new Date(this.clock)
  }

  private newStack(name: string): FakeStack {
    return {
      name,
      id: `arn:aws:cloudformation:${this.region}:${FAKE_ACCOUNT}:stack/${name}/${this.stacks.size + 1}`,
      status: 'REVIEW_IN_PROGRESS',
      template: {},
      outputs: {},
      events: [],
      changeSets: new Map(),
    }
  }

  private stackByNameOrId(nameOrId: string): FakeStack | undefined {
    const byName = this.stacks.get(nameOrId)
    if (byName) return byName.status === 'DELETE_COMPLETE' ? undefined : byName
    return [...this.stacks.values()].find((s) => s.id === nameOrId)
  }

  private find(nameOrId: string): FakeStack {
    const stack = this.stackByNameOrId(nameOrId)
    if (!stack) throw Object.assign(new Error(`Stack with id ${nameOrId} does not exist`), {name: 'ValidationError'})
    return stack
  }

  private describe(stack: FakeStack): cfn.Stack {
    return {
      StackName: stack.name,
      StackId: stack.id,
      StackStatus: stack.status as cfn.StackStatus,
      CreationTime: new Date(this.clock),
      Outputs: Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({OutputKey, OutputValue})),
    }
  }

  private templateOf(input: Record<string, unknown>): Template {
    if (typeof input.TemplateBody === 'string') return JSON.parse(input.TemplateBody) as Template
    const key = String(input.TemplateURL ?? '').split('/').pop() ?? ''
    const body = this.objects.get(key)
    if (!body) throw Object.assign(new Error(`Template ${String(input.TemplateURL)} was never uploaded`), {name: 'ValidationError'})
    return JSON.parse(body.toString('utf8')) as Template
  }

  private createChangeSet(input: Record<string, unknown>) {
    const name = String(input.StackName)
    let stack = this.stackByNameOrId(name)
    if (!stack) {
      stack = this.newStack(name)
      this.stacks.set(name, stack)
    }
    const changeSet: FakeChangeSet = {
      name: String(input.ChangeSetName),
      id: `arn:aws:cloudformation:${this.region}:${FAKE_ACCOUNT}:changeSet/${String(input.ChangeSetName)}/${stack.changeSets.size + 1}`,
      template: this.templateOf(input),
      created: this.tick(),
      type: String(input.ChangeSetType ?? 'UPDATE'),
    }
    stack.changeSets.set(changeSet.name, changeSet)
    stack.changeSets.set(changeSet.id, changeSet)
    return {Id: changeSet.id, StackId: stack.id}
  }

  private changeSetOf(input: Record<string, unknown>): {stack: FakeStack; changeSet: FakeChangeSet} {
    const stack = this.find(String(input.StackName))
    const changeSet = stack.changeSets.get(String(input.ChangeSetName))
    if (!changeSet) throw Object.assign(new Error(`ChangeSet [${String(input.ChangeSetName)}] does not exist`), {name: 'ChangeSetNotFoundException'})
    return {stack, changeSet}
  }

  private describeChangeSet(input: Record<string, unknown>) {
    const {stack, changeSet} = this.changeSetOf(input)
    const before = stack.template.Resources ?? {}
    const after = changeSet.template.Resources ?? {}
    const changes: cfn.Change[] = []
    for (const [id, resource] of Object.entries(after)) {
      if (!(id in before)) changes.push({Type: 'Resource', ResourceChange: {Action: 'Add', LogicalResourceId: id, ResourceType: resource.Type}})
      else if (JSON.stringify(before[id]) !== JSON.stringify(resource)) {
        changes.push({Type: 'Resource', ResourceChange: {Action: 'Modify', LogicalResourceId: id, ResourceType: resource.Type, Replacement: 'False'}})
      }
    }
    for (const [id, resource] of Object.entries(before)) {
      if (!(id in after)) changes.push({Type: 'Resource', ResourceChange: {Action: 'Remove', LogicalResourceId: id, ResourceType: resource.Type}})
    }
    const base = {ChangeSetName: changeSet.name, ChangeSetId: changeSet.id, StackId: stack.id, StackName: stack.name, CreationTime: changeSet.created}
    if (changes.length === 0) {
      return {...base, Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.", Changes: []}
    }
    return {...base, Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: changes}
  }

  private event(stack: FakeStack, logicalId: string, type: string, status: string, reason?: string): void {
    stack.events.push({
      StackId: stack.id,
      StackName: stack.name,
      EventId: `${stack.name}-${stack.events.length + 1}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: logicalId === stack.name ? stack.id : `${logicalId}-physical`,
      ResourceType: type,
      ResourceStatus: status as cfn.ResourceStatus,
      ...(reason ? {ResourceStatusReason: reason} : {}),
      Timestamp: this.tick(),
    })
  }

  private execute(input: Record<string, unknown>) {
    const {stack, changeSet} = this.changeSetOf(input)
    const creating = changeSet.type === 'CREATE'
    const verb = creating ? 'CREATE' : 'UPDATE'
    const failure = this.options.failures?.[stack.name]
    const root = 'AWS::CloudFormation::Stack'
    this.event(stack, stack.name, root, `${verb}_IN_PROGRESS`, 'User Initiated')
    const created: Array<[string, string]> = []
    for (const [id, resource] of Object.entries(changeSet.template.Resources ?? {})) {
      this.event(stack, id, resource.Type, `${verb}_IN_PROGRESS`)
      if (failure?.logicalId === id) {
        this.event(stack, id, resource.Type, `${verb}_FAILED`, failure.reason)
        this.event(stack, stack.name, root, creating ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to ${creating ? 'create' : 'update'}: [${id}]. Rollback requested by user.`)
        for (const [doneId, doneType] of created.reverse()) {
          this.event(stack, doneId, doneType, 'DELETE_IN_PROGRESS')
          this.event(stack, doneId, doneType, 'DELETE_COMPLETE')
        }
        stack.status = creating ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE'
        this.event(stack, stack.name, root, stack.status)
        return {}
      }
      this.event(stack, id, resource.Type, `${verb}_COMPLETE`)
      created.push([id, resource.Type])
    }
    stack.template = changeSet.template
    stack.outputs = {...(this.options.outputs?.[stack.name] ?? Object.fromEntries(Object.keys(changeSet.template.Outputs ?? {}).map((k) => [k, `fake-${k}`])))}
    stack.status = `${verb}_COMPLETE`
    this.event(stack, stack.name, root, stack.status)
    return {}
  }

  private deleteStack(nameOrId: string) {
    const stack = this.stackByNameOrId(nameOrId)
    if (!stack) return {}
    const root = 'AWS::CloudFormation::Stack'
    this.event(stack, stack.name, root, 'DELETE_IN_PROGRESS', 'User Initiated')
    for (const [id, resource] of Object.entries(stack.template.Resources ?? {}).reverse()) {
      this.event(stack, id, resource.Type, 'DELETE_IN_PROGRESS')
      this.event(stack, id, resource.Type, 'DELETE_COMPLETE')
    }
    stack.status = 'DELETE_COMPLETE'
    this.event(stack, stack.name, root, stack.status)
    return {}
  }
}
