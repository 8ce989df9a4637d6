import { GantryError } from '../errors';

/**
 * A configuration text that is not a valid Gantry configuration. Each problem reads
 * '<JSON pointer>: <what was expected>' and never echoes a value from the text, since an
 * override's replacement value or a pasted certificate must not end up in a log.
 */
export class ConfigValidationError extends GantryError {
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super('CONFIG_INVALID', `invalid Gantry configuration (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
