// Where a value was written in a YAML (or JSON) document, by its path. Each map is indexed by key the first time
// it is searched, so finding every key of a 200,000-entry map costs one pass, not one pass per key.

import { isMap, isPair, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { SourceLocation } from './config.js';

export type Path = (string | number)[];

export class Locator {
  private readonly index = new WeakMap<YAMLMap, Map<string, { key: Node; value: Node | null }>>();

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourceLocation,
  ) {}

  /** The value at `path`, or the closest enclosing node that exists. */
  value(path: Path): SourceLocation {
    let node = this.doc.contents as Node | null;
    let found: Node | null = node;
    for (const segment of path) {
      node = this.child(node, segment)?.value ?? null;
      if (!node) break;
      found = node;
    }
    return found?.range ? this.at(found.range[0]) : this.at(0);
  }

  /** The key `key` of the map at `path` (where a problem with the key itself should point). */
  key(path: Path, key: string): SourceLocation {
    const entry = this.child(this.node(path), key);
    return entry?.key.range ? this.at(entry.key.range[0]) : this.value(path);
  }

  /** The node at `path`, if every step of it exists. */
  node(path: Path): Node | null {
    let node = this.doc.contents as Node | null;
    for (const segment of path) {
      node = this.child(node, segment)?.value ?? null;
      if (!node) return null;
    }
    return node;
  }

  private child(node: Node | null, segment: string | number): { key: Node; value: Node | null } | undefined {
    if (isSeq(node)) {
      // Schema errors name list positions as strings ("/iamRoles/0/roles").
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      const item = node.items[index] as Node | undefined;
      return item ? { key: item, value: item } : undefined;
    }
    if (!isMap(node)) return undefined;
    let keys = this.index.get(node);
    if (!keys) {
      keys = new Map();
      for (const pair of node.items) {
        // The first of two equal keys: a duplicate is reported on its own, and the first is what a reader sees first.
        if (isPair(pair) && isScalar(pair.key) && !keys.has(String(pair.key.value))) {
          keys.set(String(pair.key.value), { key: pair.key, value: (pair.value as Node | null) ?? null });
        }
      }
      this.index.set(node, keys);
    }
    return keys.get(String(segment));
  }
}
