/**
 * Synth, diff, deploy, destroy, list and validate of the platform's CDK app, in-process through
 * @aws-cdk/toolkit-lib. Importing this module is cheap: the toolkit, aws-cdk-lib and the stacks load
 * on first use.
 */
export * from './activity.js'
export * from './approval.js'
export {disposeAssemblies, type PlatformAppBuilder, type PlatformAssembly, type PlatformStack, type PlatformTarget, type SynthesizeOptions, synthesizePlatform} from './assembly.js'
export * from './deploy.js'
export * from './destroy.js'
export * from './diff.js'
export * from './errors.js'
export {type ApprovalRequest, type LogLevel, type ToolkitIo, type ToolkitLogLine} from './io-host.js'
export * from './list.js'
export * from './render.js'
export {resolveStacks} from './selection.js'
export * from './synth.js'
export {resetToolkits} from './toolkit.js'
export * from './validate.js'
