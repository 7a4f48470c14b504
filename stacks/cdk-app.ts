/**
 * Entry point for running the platform app under the cdk CLI (`cdk synth --app 'node
 * dist/stacks/cdk-app.js'`), e.g. to compare it with `omnix synth`. The environment comes from
 * the usual config resolution (OMNIX_ENV, AWS_REGION, omnix.config.json); the CLI passes the
 * output directory and context through the environment, which App reads itself.
 */
import {resolveConfig} from '../src/sdk/config/resolve.js'
import {buildPlatformApp} from './app.js'

const config = await resolveConfig()
buildPlatformApp({config, domainName: process.env.OMNIX_DOMAIN_NAME || undefined}).synth()
