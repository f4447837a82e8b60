/** Short, safe rendering of an offending value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return typeof value;
  // Never throw while describing: a Proxy (revoked, or around a Date) fails instanceof, isArray
  // or Date's methods, and the error being built must not become a raw TypeError.
  try {
    if (value instanceof Date) {
      let t: number;
      try {
        t = Date.prototype.getTime.call(value);
      } catch {
        return 'an object posing as a Date (a Proxy or a forged prototype)';
      }
      return Number.isNaN(t) ? 'Invalid Date' : new Date(t).toISOString();
    }
    if (Array.isArray(value)) return `an array of length ${String(value.length)}`;
  } catch {
    return 'an object that cannot be inspected (a revoked Proxy?)';
  }
  return 'an object';
}
