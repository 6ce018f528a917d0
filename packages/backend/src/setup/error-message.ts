/** The message of a thrown value, for the reasons `initBackend` reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
