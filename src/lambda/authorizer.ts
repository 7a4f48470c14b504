/** REST API Lambda authorizer entry point (placeholder until the JWT verifier lands). */
export async function handler(): Promise<{principalId: string}> {
  throw new Error('Unauthorized')
}
