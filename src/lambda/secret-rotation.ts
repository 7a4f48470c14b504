/** Secrets Manager rotation entry point (placeholder until the rotation handler lands). */
export async function handler(): Promise<void> {
  throw new Error('rotation handler not implemented')
}
