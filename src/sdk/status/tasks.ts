/** The 15 tasks of the OMNIX AI infrastructure remediation plan, titled as the plan titles them. */
export const REMEDIATION_TASKS = [
  {id: 1, title: 'Fix Backend Lambda Handler Debugging and Application Startup'},
  {id: 2, title: 'Consolidate API Gateway Instances'},
  {id: 3, title: 'Clean Up DynamoDB Tables'},
  {id: 4, title: 'Fix WebSocket Endpoint Configuration'},
  {id: 5, title: 'Update Frontend Configuration'},
  {id: 6, title: 'Standardize Deployment Approach'},
  {id: 7, title: 'Rotate Production Secrets and Implement Secret Management'},
  {id: 8, title: 'Implement AWS WAF for API Gateway Security'},
  {id: 9, title: 'Implement Environment Variable Management'},
  {id: 10, title: 'Consolidate Monitoring and Alerting'},
  {id: 11, title: 'Set Up Automated Backup and Disaster Recovery'},
  {id: 12, title: 'Implement Bedrock Cost Monitoring'},
  {id: 13, title: 'Create Comprehensive Documentation'},
  {id: 14, title: 'Set Up CI/CD Pipeline'},
  {id: 15, title: 'Security Audit and Compliance'},
] as const

export type TaskId = (typeof REMEDIATION_TASKS)[number]['id']

export function isTaskId(n: number): n is TaskId {
  return REMEDIATION_TASKS.some((t) => t.id === n)
}
