#!/usr/bin/env -S node --import tsx --no-warnings
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true'

const {execute} = await import('@oclif/core')
await execute({development: true, dir: import.meta.url})
