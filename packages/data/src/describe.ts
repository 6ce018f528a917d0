/** A short description of a value for error messages. @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    value === undefined
  ) {
    return `${typeof value} ${String(value)}`;
  }
  return `a ${typeof value}`;
}
