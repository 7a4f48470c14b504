import type {BackupClient} from '@aws-sdk/client-backup'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {SSMClient} from '@aws-sdk/client-ssm'

import {type AwsTarget, clientConfig} from '../aws/target.js'
import {dynamoClient} from '../dynamodb/client.js'

export interface BackupClients {
  readonly dynamo: DynamoDBClient
  /** Absent when the data plane is a local engine or an explicit endpoint: SSM and AWS Backup live in AWS. */
  readonly ssm?: SSMClient
  readonly backup?: BackupClient
  /** Why ssm/backup are absent. */
  readonly controlPlaneSkipped?: string
}

/**
 * DynamoDB through the data-plane target (honours --local, --endpoint-url, AWS_ENDPOINT_URL*);
 * SSM and AWS Backup through the standard chain of the same region and profile (which honours
 * AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_BACKUP), never the DynamoDB endpoint override.
 */
export async function backupClients(target: AwsTarget): Promise<BackupClients> {
  const dynamo = await dynamoClient(target)
  if (target.local || target.endpoint) {
    return {dynamo, controlPlaneSkipped: `the data plane is ${target.endpoint ?? 'local'}; SSM and AWS Backup are only used on AWS`}
  }
  const config = clientConfig({region: target.region, profile: target.profile})
  const [{SSMClient}, {BackupClient}] = await Promise.all([import('@aws-sdk/client-ssm'), import('@aws-sdk/client-backup')])
  return {dynamo, ssm: new SSMClient(config), backup: new BackupClient(config)}
}
