// The same platform app as `omnix synth`, as a plain CDK app for the cdk CLI (the benchmark's peer).
import {buildPlatformApp} from '../dist/stacks/app.js'
import {resolveConfig} from '../dist/src/sdk/config/resolve.js'

const config = await resolveConfig({flags: {env: process.env.OMNIX_BENCH_ENV ?? 'dev'}})
buildPlatformApp({config}).synth()
