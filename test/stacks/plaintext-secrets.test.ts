import assert from 'node:assert/strict'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {KNOWN_WEAK_SECRETS, STACK_CONCERNS} from '../../src/sdk/catalog/index.js'
import {type PlatformVariant, type SynthesizedPlatform, synthesizedPlatform} from './synthesized-platform.js'
import {findSecretValues, scanTemplate} from './template-secrets.js'

const VARIANTS: readonly PlatformVariant[] = ['dev', 'prod', 'prod-full']

/**
 * A handler that refuses the known weak values bundles the catalog's deny-list itself; that
 * declaration is the one place the values may appear.
 */
const withoutDenyList = (code: string) => code.replace(/KNOWN_WEAK_SECRETS\d*\s*=\s*\[[^\]]*\]/g, '')

describe('no plaintext secret in the synthesized platform', () => {
  const platforms = new Map<PlatformVariant, SynthesizedPlatform>()
  before(async function () {
    this.timeout(180_000)
    for (const variant of VARIANTS) platforms.set(variant, await synthesizedPlatform(variant))
  })

  describe('the scanner', () => {
    it('finds a known weak secret, a SecretString, a literal API key and a secret environment variable', () => {
      const planted = {
        Resources: {
          Secret: {Type: 'AWS::SecretsManager::Secret', Properties: {SecretString: 'x'}},
          Param: {Type: 'AWS::SSM::Parameter', Properties: {Value: {'Fn::Join': ['', ['prefix-', KNOWN_WEAK_SECRETS[0]]]}}},
          Key: {Type: 'AWS::ApiGateway::ApiKey', Properties: {Value: 'abcdefghijklmnopqrstuvwxyz'}},
          Fn: {Type: 'AWS::Lambda::Function', Properties: {Environment: {Variables: {JWT_SECRET: {Ref: 'X'}, JWT_SECRET_ARN: {Ref: 'Y'}}}}},
        },
      }
      const found = scanTemplate(planted, 'planted')
      assert.equal(found.length, 4, found.join('\n'))
      assert.ok(found.some((f) => f.includes('Secret.Properties.SecretString')))
      assert.ok(found.some((f) => f.includes('known weak secret')))
      assert.ok(found.some((f) => f.includes('literal API key')))
      assert.ok(found.some((f) => f.includes('JWT_SECRET:')))
    })

    it('still finds a weak value in bundled code outside the deny-list declaration', () => {
      const code = `var KNOWN_WEAK_SECRETS = ["${KNOWN_WEAK_SECRETS[0]}"];\nconst key = "${KNOWN_WEAK_SECRETS[2]}";`
      assert.equal(findSecretValues(withoutDenyList(code)).length, 1)
    })
  })

  for (const variant of VARIANTS) {
    it(`finds none in any ${variant} template`, () => {
      const platform = platforms.get(variant)!
      const files = Object.entries(platform.templateFiles)
      assert.equal(files.length, STACK_CONCERNS.length, 'every stack template is scanned')
      const found = files.flatMap(([file, template]) => scanTemplate(template as never, file))
      assert.deepEqual(found, [])
    })

    it(`finds no known weak secret in the ${variant} Lambda bundles`, () => {
      const {outdir} = platforms.get(variant)!
      const bundles = readdirSync(outdir)
        .filter((entry) => entry.startsWith('asset.') && statSync(join(outdir, entry)).isDirectory())
        .map((entry) => join(outdir, entry, 'index.mjs'))
        .filter((file) => existsSync(file))
      assert.equal(bundles.length, 7, 'health, api, websocket, authorizer, websocket-authorizer, secret-rotation, forecast-worker')
      for (const bundle of bundles) assert.deepEqual(findSecretValues(withoutDenyList(readFileSync(bundle, 'utf8')), bundle), [])
    })
  }
})
