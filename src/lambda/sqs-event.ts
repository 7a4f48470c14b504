/** The parts of SQS event-source events the forecast worker reads. */

export interface SqsRecord {
  readonly messageId: string
  readonly receiptHandle?: string
  readonly body: string
  readonly attributes: {readonly ApproximateReceiveCount?: string} & Readonly<Record<string, string | undefined>>
  readonly messageAttributes?: Readonly<Record<string, unknown>>
  readonly md5OfBody?: string
  readonly eventSource: 'aws:sqs'
  readonly eventSourceARN?: string
  readonly awsRegion?: string
}

export interface SqsEvent {
  readonly Records: readonly SqsRecord[]
}

/** The partial batch response of an event source mapping with ReportBatchItemFailures. */
export interface SqsBatchResponse {
  readonly batchItemFailures: ReadonlyArray<{readonly itemIdentifier: string}>
}
