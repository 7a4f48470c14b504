#!/usr/bin/env node
import {execute} from '@oclif/core'

// omnix supports Node 20; the AWS SDK's notice about its own future Node requirement is noise on
// every command's stderr (set the variable to "false" to see it).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

await execute({dir: import.meta.url})
