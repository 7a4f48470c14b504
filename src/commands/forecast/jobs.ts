import {Args, Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {NotFoundError} from '../../sdk/errors.js'
import type {JobStatus} from '../../sdk/forecast-jobs/job-store.js'

export interface ForecastJobsResult {
  readonly env: string
  readonly jobs: JobStatus[]
}

/** One job, as `key: value` lines, then its skipped products and errors. */
export function renderJob(job: JobStatus): string {
  const lines = [
    `job ${job.job_id}: ${job.status}`,
    `requested ${job.requested_at} by ${job.requested_by}, ${job.horizon_days} days ahead, method ${job.method}`,
    `products: ${job.products_done} done, ${job.products_failed} failed, ${job.products_skipped} skipped of ${job.products_requested} requested`,
    `shards: ${job.shards_done} done, ${job.shards_failed} failed of ${job.shards_total}` + (job.failed_shards.length > 0 ? ` (failed: ${job.failed_shards.join(', ')})` : ''),
    `started ${job.started_at ?? '-'}, finished ${job.finished_at ?? '-'}`,
  ]
  if (job.skipped.length > 0) {
    lines.push(`skipped${job.products_skipped > job.skipped.length ? ` (first ${job.skipped.length})` : ''}:`)
    for (const s of job.skipped) lines.push(`  ${s.product_id}: ${s.reason}`)
  }
  if (job.errors.length > 0) {
    lines.push('errors:')
    for (const e of job.errors) lines.push(`  ${e}`)
  }
  return lines.join('\n')
}

export default class ForecastJobs extends OmnixCommand<typeof ForecastJobs> {
  static summary = 'List recent forecast jobs, or show one.'
  static description = `Reads the job status items (JOB#<id>) that the deployed forecast worker (and \`omnix local api\`) keep in the env's forecasting table: status (planned, running, done, failed), products done, failed and skipped, shards done and failed (by number), start and end, and the first errors and skipped products with the reason.
Without JOB_ID, lists the most recent jobs, newest first.`
  static examples = [
    {description: 'Recent jobs in prod.', command: '<%= config.bin %> <%= command.id %> -e prod'},
    {description: 'One job, as JSON.', command: '<%= config.bin %> <%= command.id %> 1f0c7e9a-2b1d-4c55-9a51-2f6b3f0e8d11 -e prod --json'},
    {description: 'Jobs run by the local API.', command: '<%= config.bin %> <%= command.id %> --local'},
  ]
  static args = {
    job_id: Args.string({description: 'Job id (as printed by `forecast run --remote` or returned by POST /v1/forecasts/generate).'}),
  }
  static flags = {
    ...dataPlaneFlags,
    limit: Flags.integer({summary: 'Jobs to list.', default: 20, min: 1, max: 100}),
  }

  async run(): Promise<ForecastJobsResult> {
    const config = await this.omnixConfig()
    const {flags, args} = this
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const {listJobs, readJob} = await import('../../sdk/forecast-jobs/job-store.js')
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const client = await dynamoClient(target)
    let jobs: JobStatus[]
    try {
      if (args.job_id) {
        const job = await readJob(client, config.env, args.job_id)
        if (!job) throw new NotFoundError(`forecast job ${args.job_id} not found in ${config.env}`, 'list recent jobs with `omnix forecast jobs`')
        jobs = [job]
      } else {
        jobs = await listJobs(client, config.env, {limit: flags.limit})
      }
    } finally {
      client.destroy()
    }
    if (!this.jsonEnabled()) {
      if (args.job_id) this.log(renderJob(jobs[0]))
      else if (jobs.length === 0) this.log(`no forecast jobs in ${config.env}`)
      else
        this.log(
          renderTable(
            jobs.map((j) => ({
              job: j.job_id,
              status: j.status,
              requested: j.requested_at.slice(0, 19).replace('T', ' '),
              by: j.requested_by,
              products: `${j.products_done}/${j.products_total}`,
              failed: j.products_failed,
              skipped: j.products_skipped,
              shards: `${j.shards_done}+${j.shards_failed} failed/${j.shards_total}`,
            })),
          ),
        )
    }
    return {env: config.env, jobs}
  }
}
