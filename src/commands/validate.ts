import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {TemplateValidationError} from '../sdk/deploy/errors.js'
import {validatePlatform, type ValidatePlatformResult} from '../sdk/deploy/validate.js'

const VALIDATION_REPORT = 'CDK_TOOLKIT_E9600'

export default class Validate extends OmnixCommand<typeof Validate> {
  static summary = "Check the platform's templates with CloudFormation's template validation and cdk-nag's AwsSolutions rules."
  static description = `Synthesizes with the CloudFormation validator on (synth, diff and deploy leave it off: it is most of synth time) and the cdk-nag AwsSolutions pack, and reports every violation: rule, severity, description and the construct at fault. cdk-nag findings the platform accepts are listed, each with its reason, in stacks/nag-suppressions.ts; any other is reported (rules named AwsSolutions-*).
Exits 1 when any violation is an error; warnings are listed but pass. With --json the result (every violation) is printed either way; \`omnix status --validate-report\` reads it.`

  static examples = [
    {description: 'Validate the dev templates.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Prod, as JSON for CI.', command: '<%= config.bin %> <%= command.id %> -e prod --json'},
  ]

  static flags = {
    domain: Flags.string({char: 'd', summary: 'Custom domain for the REST API.'}),
  }

  async run(): Promise<ValidatePlatformResult> {
    const config = await this.omnixConfig()
    const result = await validatePlatform({
      config,
      domainName: this.flags.domain,
      // The toolkit's own rendering of the report would repeat the violations listed below.
      io: {logLevel: 'warn', onLog: (line) => line.code !== VALIDATION_REPORT && this.note(line.message)},
    })
    if (this.jsonEnabled()) {
      // The full result is the JSON output either way; the exit code says whether it passed.
      if (!result.valid) process.exitCode = 1
      return result
    }
    for (const v of result.violations) {
      this.log(`${v.severity.toUpperCase()} ${v.rule}: ${v.description}`)
      for (const r of v.resources) this.log(`    ${r.path}${r.logicalId ? ` (${r.logicalId})` : ''}`)
      if (v.fix) this.log(`    fix: ${v.fix}`)
    }
    if (!result.valid) throw new TemplateValidationError(result.violations)
    this.log(`Templates of ${result.env} are valid${result.warnings > 0 ? ` (${result.warnings} warning(s))` : ''}.`)
    return result
  }
}
