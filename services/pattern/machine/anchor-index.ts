// Where the machine looks a rule up. Each sub-rule (one `$or` branch) is filed under ONE of its
// conditions, its anchor, chosen to be the most selective at the time it is added: an exact value
// (hash lookup), else a prefix (lookup of the event value's prefixes of the lengths in use), else the
// mere presence of the path. An event therefore only touches the sub-rules filed under values it
// actually carries, however many rules there are; candidates are then checked in full.
// Sub-rules are held by id (sub-table.ts); exact strings, by far the most common anchor, go to a
// StringTable whose value is the one sub-rule's id, or -(k + 1) for the k-th list of several.
import { END, NUMBER, STRING, type EventFields } from './event-fields.ts';
import { StringTable } from './string-table.ts';
import type { Anchor, Candidates, SubRule } from './sub-table.ts';

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [id]);
  else list.push(id);
}

function pull<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (list === undefined) return;
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

/** The sub-rules anchored on one path. */
export class PathIndex {
  readonly strings = new StringTable();
  /** Lists for string keys shared by several sub-rules; `freeLists` are reusable slots. */
  private readonly lists: number[][] = [];
  private readonly freeLists: number[] = [];
  readonly numbers = new Map<number, number[]>();
  readonly texts = new Map<string, number[]>();
  readonly literals = new Map<number, number[]>();
  readonly prefixes = new Map<string, number[]>();
  /** Prefix lengths in use, ascending, and how many prefixes of each length (no rebuild per add). */
  private prefixLengths: number[] = [];
  private readonly lengthCounts = new Map<number, number>();
  presence: number[] = [];
  size = 0;

  private stringCount(key: string): number {
    const v = this.strings.get(key);
    return v < 0 ? (v === -1 ? 0 : (this.lists[-v - 2] as number[]).length) : 1;
  }

  cost(anchor: Anchor): number {
    switch (anchor.kind) {
      case 'exact': {
        let n = 0;
        for (const k of anchor.keys) {
          if (k.map === 'strings') n += this.stringCount(k.key);
          else n += (this[k.map] as Map<unknown, number[]>).get(k.key)?.length ?? 0;
        }
        return n;
      }
      case 'prefix': {
        let n = 1;
        for (const p of anchor.prefixes) n += this.prefixes.get(p)?.length ?? 0;
        return n;
      }
      default:
        return 4 * (this.presence.length + 1);
    }
  }

  // String values: -1 is "absent" for StringTable.get, so list k is stored as -(k + 2).
  private addString(key: string, id: number): void {
    const v = this.strings.get(key);
    if (v === -1) this.strings.set(key, id);
    else if (v >= 0) {
      const k = this.freeLists.pop() ?? this.lists.length;
      this.lists[k] = [v, id];
      this.strings.set(key, -k - 2);
    } else (this.lists[-v - 2] as number[]).push(id);
  }

  private removeString(key: string, id: number): void {
    const v = this.strings.get(key);
    if (v === -1) return;
    if (v >= 0) {
      if (v === id) this.strings.delete(key);
      return;
    }
    const k = -v - 2;
    const list = this.lists[k] as number[];
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 1) {
      this.strings.set(key, list[0] as number);
      this.lists[k] = [];
      this.freeLists.push(k);
    }
  }

  add(sub: SubRule): void {
    const a = sub.anchor as Anchor;
    this.size++;
    if (a.kind === 'exact') {
      for (const k of a.keys) {
        if (k.map === 'strings') this.addString(k.key, sub.id);
        else push(this[k.map] as Map<unknown, number[]>, k.key, sub.id);
      }
    } else if (a.kind === 'prefix') {
      for (const p of a.prefixes) {
        push(this.prefixes, p, sub.id);
        this.countLength(p.length, 1);
      }
    } else this.presence.push(sub.id);
  }

  remove(sub: SubRule): void {
    const a = sub.anchor as Anchor;
    this.size--;
    if (a.kind === 'exact') {
      for (const k of a.keys) {
        if (k.map === 'strings') this.removeString(k.key, sub.id);
        else pull(this[k.map] as Map<unknown, number[]>, k.key, sub.id);
      }
    } else if (a.kind === 'prefix') {
      for (const p of a.prefixes) {
        pull(this.prefixes, p, sub.id);
        this.countLength(p.length, -1);
      }
    } else this.presence = this.presence.filter((id) => id !== sub.id);
  }

  private countLength(length: number, delta: number): void {
    const n = (this.lengthCounts.get(length) ?? 0) + delta;
    if (n === 0) {
      this.lengthCounts.delete(length);
      this.prefixLengths = this.prefixLengths.filter((l) => l !== length);
    } else {
      if (n === delta) this.prefixLengths = [...this.prefixLengths, length].sort((a, b) => a - b);
      this.lengthCounts.set(length, n);
    }
  }

  /** Adds the sub-rules the event's leaves on this path select, and those anchored on its presence. */
  collect(f: EventFields, first: number, out: Candidates): void {
    const epoch = f.epoch;
    let list: number[] | undefined;
    for (let i = first; i !== END; i = f.next[i] as number) {
      const k = f.kind[i];
      if (k === STRING) {
        const s = f.str[i] as string;
        if (this.strings.size > 0) {
          const v = this.strings.get(s);
          if (v >= 0) out.take(v, epoch);
          else if (v !== -1) out.takeAll(this.lists[-v - 2] as number[], epoch);
        }
        const lengths = this.prefixLengths;
        for (let j = 0; j < lengths.length; j++) {
          const n = lengths[j] as number;
          if (n > s.length) break;
          list = this.prefixes.get(s.slice(0, n));
          if (list !== undefined) out.takeAll(list, epoch);
        }
      } else if (k === NUMBER) {
        if (this.numbers.size > 0 && f.comparable(i)) {
          list = this.numbers.get(f.num[i] as number);
          if (list !== undefined) out.takeAll(list, epoch);
        }
        // Texts that do not survive the trip to a double; a number kept without text always does.
        if (this.texts.size > 0 && f.str[i] !== undefined) {
          list = this.texts.get(f.str[i] as string);
          if (list !== undefined) out.takeAll(list, epoch);
        }
      } else if (this.literals.size > 0) {
        list = this.literals.get(k as number);
        if (list !== undefined) out.takeAll(list, epoch);
      }
    }
    if (this.presence.length > 0) out.takeAll(this.presence, epoch);
  }
}
