#!/usr/bin/env node
// Both set before oclif loads (a static import would be hoisted above them).
// oclif's own Node engine check loads all of semver (a third of --help's modules); package.json's
// engines field already states what omnix needs.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
// omnix supports Node 20; the AWS SDK's notice about its own future Node requirement is noise on
// every command's stderr (set the variable to "false" to see it).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true'

const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
