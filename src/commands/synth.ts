import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/table.js'
import {readTemplate, synthPlatform} from '../sdk/deploy/synth.js'

interface SynthCommandResult {
  env: string
  region: string
  /** Where the cloud assembly is; null when it was temporary (no --output). */
  directory: string | null
  stacks: Array<{name: string; concern: string; resources: number; dependencies: readonly string[]; templateFile: string | null}>
}

export default class Synth extends OmnixCommand<typeof Synth> {
  static summary = "Synthesize the platform's CloudFormation templates."
  static description = `Builds the CDK app in-process (Lambda code bundled with esbuild) with CloudFormation's template validation off, which is most of its cost; "omnix validate" runs it.
One selected stack prints its template as YAML; several print a table of stacks. --output keeps the cloud assembly (templates, assets) in a directory, e.g. for "cdk deploy --app <dir>" or review.`

  static examples = [
    {description: 'All stacks of dev.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'The data stack template of prod.', command: '<%= config.bin %> <%= command.id %> -e prod --stacks data'},
    {description: 'Write the assembly to cdk.out, printing nothing.', command: '<%= config.bin %> <%= command.id %> --output cdk.out --quiet'},
  ]

  static flags = {
    domain: Flags.string({char: 'd', summary: 'Custom domain for the REST API.'}),
    stacks: Flags.string({summary: 'Stacks to show: concerns (data,api) or stack names.', multiple: true, delimiter: ','}),
    output: Flags.string({char: 'o', summary: 'Keep the cloud assembly in this directory.'}),
    quiet: Flags.boolean({char: 'q', summary: 'Print nothing on success (the exit code tells).'}),
  }

  async run(): Promise<SynthCommandResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const synth = await synthPlatform({
      config,
      domainName: flags.domain,
      stacks: flags.stacks,
      outdir: flags.output,
      io: {logLevel: 'warn', onLog: (line) => this.note(line.message)},
    })
    const kept = flags.output !== undefined
    const result: SynthCommandResult = {
      env: synth.env,
      region: synth.region,
      directory: kept ? synth.directory : null,
      stacks: synth.stacks.map((s) => ({name: s.name, concern: s.concern, resources: s.resources, dependencies: s.dependencies, templateFile: kept ? s.templateFile : null})),
    }
    if (this.jsonEnabled() || flags.quiet) return result
    if (synth.stacks.length === 1) {
      const {stringify} = await import('yaml')
      this.log(stringify(await readTemplate(synth.stacks[0]), {aliasDuplicateObjects: false}).trimEnd())
    } else {
      this.log(renderTable(result.stacks.map((s) => ({stack: s.name, resources: s.resources, 'depends on': s.dependencies.join(', ') || '-'}))))
      this.note(kept ? `Cloud assembly: ${synth.directory}` : 'Pass --stacks <name> to print a template, or --output <dir> to keep them.')
    }
    return result
  }
}
