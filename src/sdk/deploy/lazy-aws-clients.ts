import Module from 'node:module'

type Load = (request: string, parent: {filename?: string} | undefined, isMain: boolean) => unknown

let installed = false
const FROM_CDK_PACKAGE = /node_modules[\\/]@aws-cdk[\\/]/

/**
 * Makes the AWS SDK clients that toolkit-lib requires at load time load on first use instead.
 *
 * toolkit-lib requires some twenty `@aws-sdk/client-*` packages at the top of its modules (EC2,
 * ECS, ECR, CloudTrail, ...), which is most of its ~2 s import cost, although a synth or a diff
 * uses none of them and a deploy only a few. Its compiled code reads a client module's exports at
 * call time (`client_ec2_1.EC2Client`), so handing it a proxy that requires the real module on the
 * first property read is invisible to it. Only requests made from `@aws-cdk/*` packages are
 * deferred; the module itself is the one in the require cache, so class identity (and test mocks
 * of client prototypes) are unchanged.
 */
export function deferToolkitAwsClients(): void {
  if (installed) return
  installed = true
  const loader = Module as unknown as {_load: Load}
  const original = loader._load
  loader._load = function (this: unknown, request, parent, isMain) {
    if (!request.startsWith('@aws-sdk/client-') || !FROM_CDK_PACKAGE.test(parent?.filename ?? '')) {
      return original.call(this, request, parent, isMain)
    }
    let real: object | undefined
    const load = (): object => (real ??= original.call(this, request, parent, isMain) as object)
    return new Proxy(
      {},
      {
        get: (_target, property) => Reflect.get(load(), property),
        has: (_target, property) => Reflect.has(load(), property),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor(_target, property) {
          const descriptor = Reflect.getOwnPropertyDescriptor(load(), property)
          return descriptor && {...descriptor, configurable: true}
        },
      },
    )
  }
}
