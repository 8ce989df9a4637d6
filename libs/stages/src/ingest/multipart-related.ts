import { GantryError } from '@gantry/domain';

export class MultipartError extends GantryError {}

export interface MultipartPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** Reads the boundary parameter of a multipart Content-Type (quoted or not). */
export function boundaryOf(contentType: string | undefined): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new MultipartError('NO_BOUNDARY', 'multipart request without a boundary parameter');
  return boundary;
}

/**
 * Splits a multipart/related body into parts while it streams in. Only the part being
 * read is held in memory, and each byte is copied a bounded number of times: the search
 * window keeps just enough unconsumed bytes to find a delimiter split across chunks.
 * Delimiters are `CRLF--boundary`; the first one may start the body without the CRLF.
 */
export async function* splitMultipart(body: AsyncIterable<Buffer | string>, boundary: string): AsyncGenerator<MultipartPart> {
  const scanner = new DelimiterScanner(Buffer.from(`\r\n--${boundary}`));
  for await (const chunk of body) {
    yield* scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (scanner.closed) return;
  }
  throw new MultipartError('MALFORMED_MULTIPART', 'multipart body ended before its closing delimiter');
}

class DelimiterScanner {
  closed = false;
  private started = false;
  private part: Buffer[] = [];
  private window = Buffer.from('\r\n');

  constructor(private readonly delimiter: Buffer) {}

  *push(chunk: Buffer): Generator<MultipartPart> {
    this.window = Buffer.concat([this.window, chunk]);
    for (;;) {
      const at = this.window.indexOf(this.delimiter);
      // Two bytes after the delimiter tell a closing `--` from a part separator.
      if (at < 0 || this.window.length < at + this.delimiter.length + 2) break;
      this.part.push(this.window.subarray(0, at));
      if (this.started) yield parsePart(Buffer.concat(this.part));
      this.started = true;
      this.part = [];
      const after = at + this.delimiter.length;
      this.closed = this.window[after] === 0x2d && this.window[after + 1] === 0x2d;
      this.window = this.window.subarray(after);
      if (this.closed) return;
    }
    this.commit();
  }

  /** Moves bytes that cannot begin a delimiter out of the window into the current part. */
  private commit(): void {
    const at = this.window.indexOf(this.delimiter);
    const keep = at >= 0 ? this.window.length - at : Math.min(this.window.length, this.delimiter.length + 1);
    const cut = this.window.length - keep;
    if (cut <= 0) return;
    if (this.started) this.part.push(Buffer.from(this.window.subarray(0, cut)));
    this.window = Buffer.from(this.window.subarray(cut));
  }
}

function parsePart(raw: Buffer): MultipartPart {
  // After a delimiter comes optional transport padding and CRLF, then headers, a blank line, the body.
  const lineEnd = raw.indexOf('\r\n');
  const afterDelimiter = lineEnd >= 0 ? raw.subarray(lineEnd + 2) : raw;
  const split = afterDelimiter.indexOf('\r\n\r\n');
  if (split < 0) throw new MultipartError('MALFORMED_MULTIPART', 'multipart part without a header block');
  const headers: Record<string, string> = {};
  for (const line of afterDelimiter.subarray(0, split).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: afterDelimiter.subarray(split + 4) };
}
