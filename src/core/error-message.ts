/**
 * The message of something thrown. Plugin code may throw anything, not only Errors (a string,
 * null): `(e as Error).message` would then be undefined, or itself throw inside the error handler.
 */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
