import {type AwsStub, mockClient} from 'aws-sdk-client-mock'

/**
 * aws-sdk-client-mock for the current `describe` only. `mockClient()` called while mocha loads a
 * file patches the client class for every test of the run (describe bodies run at load time), so
 * the stub is created in `before` and restored in `after`; the returned object forwards to it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mockedClient(clientClass: any): AwsStub<any, any, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let stub: AwsStub<any, any, any> | undefined
  before(() => {
    stub = mockClient(clientClass)
  })
  after(() => {
    stub?.restore()
    stub = undefined
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new Proxy({} as AwsStub<any, any, any>, {
    get(_target, property) {
      if (!stub) throw new Error('a mocked client was used outside the describe that mocks it')
      const value = Reflect.get(stub, property)
      return typeof value === 'function' ? value.bind(stub) : value
    },
  })
}
