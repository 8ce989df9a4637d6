import { DicomElement, type DicomValue } from './element';
import { DicomModelError } from './errors';
import { tagFromNumber, tagOf, vrOf, type Tag } from './tag';
import { normalizeValue, type ValueInput } from './value-input';
import { vrKind, type Vr } from './vr';

const HEX_TAG_RE = /^[0-9A-F]{8}$/;
const resolve = (tagOrKeyword: string): Tag => (HEX_TAG_RE.test(tagOrKeyword) ? tagOrKeyword : tagOf(tagOrKeyword));

function trimText(vr: Vr, s: string): string {
  // Leading spaces are significant only in the free-text VRs (PS3.5 6.2).
  return vr === 'LT' || vr === 'ST' || vr === 'UT' ? s.trimEnd() : s.trim();
}

/**
 * An ordered collection of data elements (a dataset or a sequence item). Elements are
 * immutable; `set` replaces one. Iteration is always in ascending tag order, which is the
 * order the writer needs; sorting happens lazily and only if an insert broke the order.
 */
export class DataSet {
  private readonly map = new Map<Tag, DicomElement>();
  private sorted = true;
  private lastTag = '';

  get size(): number {
    return this.map.size;
  }

  /** Insert or replace an element as-is (used by the reader, clone and advanced callers). */
  put(element: DicomElement): this {
    if (!this.map.has(element.tag)) {
      if (element.tag < this.lastTag) this.sorted = false;
      else this.lastTag = element.tag;
    }
    this.map.set(element.tag, element);
    return this;
  }

  get(tagOrKeyword: string): DicomElement | undefined {
    return this.map.get(resolve(tagOrKeyword));
  }

  has(tagOrKeyword: string): boolean {
    return this.map.has(resolve(tagOrKeyword));
  }

  delete(tagOrKeyword: string): boolean {
    return this.map.delete(resolve(tagOrKeyword));
  }

  /**
   * Set a value. Without a VR the element keeps its current VR, else takes the
   * dictionary's; private and unknown tags need one.
   */
  set(tagOrKeyword: string, ...args: [value: ValueInput] | [vr: Vr, value: ValueInput]): this {
    const tag = resolve(tagOrKeyword);
    const vr = args.length === 2 ? args[0] : (this.map.get(tag)?.vr ?? vrOf(tag));
    if (vr === undefined) throw new DicomModelError('INVALID_VALUE', `a VR is required for (${tag.slice(0, 4)},${tag.slice(4)})`);
    const input = args.length === 2 ? args[1] : args[0];
    return this.put(new DicomElement(tag, vr, normalizeValue(tag, vr, input)));
  }

  /** First value as a string, padding trimmed; numbers are formatted. */
  string(tagOrKeyword: string): string | undefined {
    return this.strings(tagOrKeyword)[0];
  }

  strings(tagOrKeyword: string): string[] {
    const el = this.get(tagOrKeyword);
    if (!el) return [];
    const kind = vrKind(el.vr);
    if (kind === 'text') return (el.value as readonly string[]).map((s) => trimText(el.vr, s));
    if (kind === 'number' || kind === 'bigint' || kind === 'tag') return (el.value as readonly (number | bigint | string)[]).map(String);
    return [];
  }

  /** First value as a number: binary numbers, and DS/IS text parsed; undefined if not numeric. */
  number(tagOrKeyword: string): number | undefined {
    return this.numbers(tagOrKeyword)[0];
  }

  numbers(tagOrKeyword: string): number[] {
    const el = this.get(tagOrKeyword);
    if (!el) return [];
    const kind = vrKind(el.vr);
    if (kind === 'number') return [...(el.value as readonly number[])];
    if (kind === 'bigint') return (el.value as readonly bigint[]).map(Number);
    if (el.vr !== 'DS' && el.vr !== 'IS') return [];
    return this.strings(tagOrKeyword).map((s) => (s === '' ? NaN : Number(s))).filter((n) => !Number.isNaN(n));
  }

  sequence(tagOrKeyword: string): readonly DataSet[] | undefined {
    const el = this.get(tagOrKeyword);
    return el && el.vr === 'SQ' ? (el.value as readonly DataSet[]) : undefined;
  }

  /** Bytes of an OB/OW/UN-like element (not encapsulated Pixel Data). */
  bytes(tagOrKeyword: string): Uint8Array | undefined {
    const v = this.get(tagOrKeyword)?.value;
    return v instanceof Uint8Array ? v : undefined;
  }

  value(tagOrKeyword: string): DicomValue | undefined {
    return this.get(tagOrKeyword)?.value;
  }

  *entries(): IterableIterator<[Tag, DicomElement]> {
    this.ensureSorted();
    yield* this.map.entries();
  }

  *elements(): IterableIterator<DicomElement> {
    this.ensureSorted();
    yield* this.map.values();
  }

  tags(): Tag[] {
    this.ensureSorted();
    return [...this.map.keys()];
  }

  [Symbol.iterator](): IterableIterator<DicomElement> {
    return this.elements();
  }

  /** The Private Creator of the block a private tag (gggg,xxyy) belongs to, from (gggg,00xx). */
  privateCreator(tagOrKeyword: string): string | undefined {
    const tag = resolve(tagOrKeyword);
    const n = parseInt(tag, 16);
    const group = n >>> 16;
    const block = (n >>> 8) & 0xff;
    if ((group & 1) === 0 || block < 0x10) return undefined;
    return this.string(tagFromNumber(group * 0x10000 + block));
  }

  /** Tag of element `elementByte` in the block reserved by `creator` in `group`, if reserved. */
  findPrivate(group: number, creator: string, elementByte: number): Tag | undefined {
    const block = this.privateBlock(group, creator);
    return block === undefined ? undefined : tagFromNumber(group * 0x10000 + block * 0x100 + (elementByte & 0xff));
  }

  /** Set a private element, reserving a block for `creator` first if it has none. */
  setPrivate(group: number, creator: string, elementByte: number, vr: Vr, value: ValueInput): Tag {
    if ((group & 1) === 0 || group < 0x0009 || group > 0xfffd) {
      throw new DicomModelError('INVALID_TAG', 'private elements need an odd group from 0009 to FFFD');
    }
    let block = this.privateBlock(group, creator);
    if (block === undefined) {
      block = this.freeBlock(group);
      this.set(tagFromNumber(group * 0x10000 + block), 'LO', creator);
    }
    const tag = tagFromNumber(group * 0x10000 + block * 0x100 + (elementByte & 0xff));
    this.set(tag, vr, value);
    return tag;
  }

  private privateBlock(group: number, creator: string): number | undefined {
    const wanted = creator.trim();
    for (let block = 0x10; block <= 0xff; block++) {
      const tag = tagFromNumber(group * 0x10000 + block);
      if (this.map.has(tag) && this.string(tag) === wanted) return block;
    }
    return undefined;
  }

  private freeBlock(group: number): number {
    for (let block = 0x10; block <= 0xff; block++) {
      if (!this.map.has(tagFromNumber(group * 0x10000 + block))) return block;
    }
    throw new DicomModelError('NO_PRIVATE_BLOCK', 'all private blocks of the group are reserved');
  }

  /** A copy whose sequences are copied too; element values (immutable) and bytes are shared. */
  clone(): DataSet {
    const out = new DataSet();
    for (const el of this.elements()) {
      if (el.vr !== 'SQ') out.put(el);
      else out.put(new DicomElement(el.tag, 'SQ', Object.freeze((el.value as readonly DataSet[]).map((i) => i.clone()))));
    }
    return out;
  }

  private ensureSorted(): void {
    if (this.sorted) return;
    const all = [...this.map.values()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
    this.map.clear();
    for (const el of all) this.map.set(el.tag, el);
    this.sorted = true;
    this.lastTag = all.length > 0 ? (all[all.length - 1] as DicomElement).tag : '';
  }
}
