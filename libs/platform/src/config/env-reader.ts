export type Env = Readonly<Record<string, string | undefined>>;

interface StringRule {
  /** Shown to the operator as "expected <expected>". */
  expected?: string;
  pattern?: RegExp;
  /** Secrets (passwords, keys, URLs that may hold credentials) are never echoed back. */
  secret?: boolean;
}

interface IntRule {
  default: number;
  min: number;
  max: number;
}

/**
 * Reads environment variables and collects every problem instead of throwing at the
 * first, so `loadConfig` can report them all. An empty value counts as unset: compose
 * files and Helm charts often render `VAR=` for "not configured".
 */
export class EnvReader {
  private readonly found: string[] = [];

  constructor(private readonly env: Env) {}

  get problems(): readonly string[] {
    return this.found;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  problem(name: string, message: string): void {
    this.found.push(`${name}: ${message}`);
  }

  /** Reports `expected ...` and, unless secret, the value that was given. */
  invalid(name: string, expected: string, value: string, secret = false): void {
    const got = secret ? ' (value not shown: it may hold a secret)' : `, got ${JSON.stringify(value)}`;
    this.problem(name, `expected ${expected}${got}`);
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || !rule.pattern || rule.pattern.test(value)) return value;
    this.invalid(name, rule.expected ?? `a value matching ${String(rule.pattern)}`, value, rule.secret);
    return undefined;
  }

  /** A variable that must be set because another one is (e.g. S3 keys once an endpoint is given). */
  required(name: string, because: string, rule: StringRule = {}): string {
    const value = this.raw(name);
    if (value === undefined) {
      this.problem(name, `is required when ${because}`);
      return '';
    }
    return this.string(name, rule) ?? '';
  }

  int(name: string, rule: IntRule): number {
    const value = this.raw(name);
    if (value === undefined) return rule.default;
    const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= rule.min && n <= rule.max) return n;
    this.invalid(name, `an integer from ${rule.min} to ${rule.max}`, value);
    return rule.default;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off'].includes(lower)) return false;
    this.invalid(name, 'one of true, false, 1, 0, yes, no, on, off', value);
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = values.find((v) => v === value.toLowerCase());
    if (match !== undefined) return match;
    this.invalid(name, `one of ${values.join(', ')}`, value);
    return fallback;
  }

  /** Parses a URL whose scheme is one of `protocols` (without the colon). */
  url(name: string, value: string, protocols: readonly string[], secret = false): URL | undefined {
    const expected = `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.invalid(name, expected, value, secret);
      return undefined;
    }
    if (protocols.includes(url.protocol.slice(0, -1)) && url.hostname !== '') return url;
    this.invalid(name, expected, value, secret);
    return undefined;
  }

  /** Reports each of `names` that is set although `owner` (which they configure) is not. */
  orphans(owner: string, names: readonly string[], meaning: string): void {
    for (const name of names) {
      if (this.has(name)) this.problem(name, `is set but ${owner} is not; set ${owner} ${meaning}, or unset ${name}`);
    }
  }
}
