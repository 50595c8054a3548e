// Checks values read from a file field by field, so a malformed one fails with a ParseError that
// names the file and the field ("s.zip: session.json: sets[1].count: expected an integer ≥ 1, found -3").
import { ParseError } from '../../core/errors';

type Obj = Record<string, unknown>;

export class FieldChecker {
  /** `where` opens every message (the file and entry); `file` is the location the error names. */
  constructor(private readonly where: string, private readonly file: string) {}

  fail(path: string, expected: string, found: unknown): never {
    const shown = found === undefined ? 'nothing' : (JSON.stringify(found) ?? String(found)).slice(0, 60);
    throw new ParseError(`${this.where}: ${path}: expected ${expected}, found ${shown}`, { file: this.file });
  }

  object(value: unknown, path: string): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) this.fail(path, 'an object', value);
    return value as Obj;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'true or false', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number') this.fail(path, 'a number', value);
    return value;
  }

  integer(value: unknown, path: string, min = 0): number {
    if (!(Number.isSafeInteger(value) && (value as number) >= min)) this.fail(path, `an integer ≥ ${min}`, value);
    return value as number;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) this.fail(path, `one of ${allowed.join(', ')}`, value);
    return value as T;
  }

  sha256(value: unknown, path: string): string {
    if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) this.fail(path, 'a SHA-256 as 64 lower-case hex digits', value);
    return value;
  }

  /** Null, or what `check` makes of the value. */
  nullable<T>(value: unknown, path: string, check: (value: unknown, path: string) => T): T | null {
    return value === null ? null : check(value, path);
  }

  /** A form: every field the defaults have, of the same type (string, boolean or array). */
  form<T extends object>(value: unknown, path: string, defaults: T): T {
    const form = this.object(value, path);
    for (const [key, fallback] of Object.entries(defaults)) {
      const expected = Array.isArray(fallback) ? 'array' : typeof fallback;
      const found = Array.isArray(form[key]) ? 'array' : typeof form[key];
      if (found !== expected) this.fail(`${path}.${key}`, expected === 'array' ? 'an array' : `a ${expected}`, form[key]);
    }
    return form as T;
  }
}
