import {CfnOutput, Stack, type StackProps} from 'aws-cdk-lib'
import {AttributeType, BillingMode, type Attribute, ProjectionType, Table, TableEncryption} from 'aws-cdk-lib/aws-dynamodb'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import type {Construct} from 'constructs'

import {type KeyAttribute, TABLES, type TableId, tableName} from '../src/sdk/catalog/index.js'
import {dataRemovalPolicy, pascalCase, type PlatformContext} from './platform-context.js'

export interface DataStackProps extends StackProps {
  readonly context: PlatformContext
  readonly key: IKey
}

const ATTRIBUTE_TYPES = {S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY} as const

const attribute = (key: KeyAttribute): Attribute => ({name: key.name, type: ATTRIBUTE_TYPES[key.type]})

/** The catalog's DynamoDB tables: on-demand, KMS-encrypted, PITR and retention per environment. */
export class DataStack extends Stack {
  readonly tables: Readonly<Record<TableId, Table>>

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props)
    const {env, settings} = props.context
    const tables = {} as Record<TableId, Table>
    for (const def of TABLES) {
      const table = new Table(this, `${pascalCase(def.id)}Table`, {
        tableName: tableName(env, def.id),
        partitionKey: attribute(def.partitionKey),
        sortKey: def.sortKey ? attribute(def.sortKey) : undefined,
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.key,
        pointInTimeRecoverySpecification: {pointInTimeRecoveryEnabled: settings.pointInTimeRecovery},
        timeToLiveAttribute: def.ttlAttribute,
        removalPolicy: dataRemovalPolicy(settings),
        deletionProtection: settings.retainData,
      })
      for (const gsi of def.globalIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.name,
          partitionKey: attribute(gsi.partitionKey),
          sortKey: gsi.sortKey ? attribute(gsi.sortKey) : undefined,
          projectionType: ProjectionType.ALL,
        })
      }
      new CfnOutput(this, `${pascalCase(def.id)}TableName`, {value: table.tableName, description: `${def.description} table`})
      tables[def.id] = table
    }
    this.tables = tables
  }
}
