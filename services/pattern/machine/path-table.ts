// The machine's field-path trie: every path a rule names, and every dot-boundary prefix of one, so the
// event scanner can decide at each key whether to descend, decode, or skip the value unread.
// Keys are looked up one level at a time; a key that itself contains dots (`{"a.b": …}`, the same
// path as `{"a": {"b": …}}`) falls back to a lookup of the whole dotted path.

export interface PathNode {
  readonly id: number;
  readonly path: string;
  readonly parent: PathNode | undefined;
  readonly children: Map<string, PathNode>;
  /** The children as parallel lists, for the scanner to compare keys in place without slicing them. */
  childKeys: string[];
  childNodes: PathNode[];
  /** Whether some path goes two or more levels below: only then can a dotted event key lead anywhere. */
  deep: boolean;
  /** Bit n set when some child key has length n (n < 31), bit 31 for longer ones: rejects most keys in O(1). */
  lengthMask: number;
  /** Conditions naming exactly this path; leaves are recorded only where this is > 0. */
  conditions: number;
  /**
   * Sub-rules with two or more conditions at or below this path: only an array here can make two of
   * a sub-rule's leaves inconsistent, so the scanner tracks array elements only where this is > 0.
   */
  shared: number;
  /** Conditions naming this path or one below it; the node goes away at 0. */
  refs: number;
}

export class PathTable {
  readonly root: PathNode = {
    id: -1,
    path: '',
    parent: undefined,
    children: new Map(),
    childKeys: [],
    childNodes: [],
    deep: false,
    lengthMask: 0,
    conditions: 0,
    shared: 0,
    refs: 0,
  };
  private readonly byPath = new Map<string, PathNode>();
  private nextId = 0;

  get idLimit(): number {
    return this.nextId;
  }

  /** Registers one condition on `path`; returns its node. */
  acquire(path: string): PathNode {
    const known = this.byPath.get(path);
    if (known !== undefined) {
      // The usual case when rules share paths: count the reference up the chain, no splitting.
      for (let n: PathNode | undefined = known; n !== undefined && n !== this.root; n = n.parent) n.refs++;
      known.conditions++;
      return known;
    }
    let parent = this.root;
    let node: PathNode = this.root;
    const segments = path.split('.');
    let prefix = '';
    const chain: PathNode[] = [this.root];
    for (const segment of segments) {
      prefix = prefix === '' ? segment : `${prefix}.${segment}`;
      let next = this.byPath.get(prefix);
      if (next === undefined) {
        next = {
          id: this.nextId++,
          path: prefix,
          parent,
          children: new Map(),
          childKeys: [],
          childNodes: [],
          deep: false,
          lengthMask: 0,
          conditions: 0,
          shared: 0,
          refs: 0,
        };
        this.byPath.set(prefix, next);
      }
      if (!parent.children.has(segment)) {
        parent.children.set(segment, next);
        refreshLists(parent);
        // `deep` of every ancestor may change when a grandchild appears.
        if (chain.length > 1) for (const ancestor of chain) ancestor.deep = true;
      }
      chain.push(next);
      next.refs++;
      parent = next;
      node = next;
    }
    node.conditions++;
    return node;
  }

  release(path: string): void {
    const segments = path.split('.');
    let prefix = '';
    let parent = this.root;
    const chain: Array<[PathNode, string, PathNode]> = [];
    for (const segment of segments) {
      prefix = prefix === '' ? segment : `${prefix}.${segment}`;
      const node = this.byPath.get(prefix);
      if (node === undefined) return;
      chain.push([parent, segment, node]);
      parent = node;
    }
    const last = chain[chain.length - 1];
    if (last) last[2].conditions--;
    for (const [p, segment, node] of chain) {
      node.refs--;
      if (node.refs === 0) {
        p.children.delete(segment);
        this.byPath.delete(node.path);
      }
    }
    for (let k = chain.length - 1; k >= 0; k--) refreshLists((chain[k] as [PathNode, string, PathNode])[0]);
  }

  /** The node of a path some condition names (or a prefix of one), if any. */
  node(path: string): PathNode | undefined {
    return this.byPath.get(path);
  }

  /** The node for `key` under `parent`, or undefined when no rule names anything there. */
  child(parent: PathNode, key: string): PathNode | undefined {
    const direct = parent.children.get(key);
    if (direct !== undefined || key.indexOf('.') < 0) return direct;
    return this.byPath.get(parent.path === '' ? key : `${parent.path}.${key}`);
  }
}

function refreshLists(node: PathNode): void {
  node.childKeys = [...node.children.keys()];
  node.childNodes = [...node.children.values()];
  node.deep = node.childNodes.some((c) => c.children.size > 0);
  // (ancestors above a grandchild are marked deep by acquire; release recomputes bottom-up)
  node.lengthMask = 0;
  for (const k of node.childKeys) node.lengthMask |= 1 << Math.min(k.length, 31);
}
