import { Document } from 'mongodb';
import { IndexSpec } from './expected-indexes';

export type IndexState =
  | 'present'
  | 'missing'
  | 'conflicting'
  /** Present without TTL: the server refused expireAfterSeconds. */
  | 'present-without-ttl';

export interface IndexReport {
  spec: IndexSpec;
  state: IndexState;
  /** For conflicts: what exists instead, naming the index. */
  detail?: string;
  /** The existing index in the way, for a rebuild. */
  existingName?: string;
}

/** Compares the indexes a collection has with the one it should have. */
export function inspectIndex(
  spec: IndexSpec,
  existing: Document[],
): IndexReport {
  const sameKey = existing.find((index) => sameKeys(index.key, spec.key));
  const sameName = existing.find((index) => index.name === spec.name);

  if (!sameKey && !sameName) return { spec, state: 'missing' };
  if (sameName && !sameKeys(sameName.key, spec.key)) {
    return conflict(spec, sameName, `has key ${JSON.stringify(sameName.key)}`);
  }

  const index = (sameKey ?? sameName) as Document;
  if (index.name !== spec.name) {
    return conflict(
      spec,
      index,
      `has the key of "${spec.name}" under another name`,
    );
  }
  if ((index.unique === true) !== spec.unique) {
    return conflict(spec, index, `unique is ${index.unique === true}`);
  }

  return compareTtl(spec, index);
}

function compareTtl(spec: IndexSpec, index: Document): IndexReport {
  const actual = index.expireAfterSeconds as number | undefined;
  if (actual === spec.expireAfterSeconds) return { spec, state: 'present' };
  if (spec.expireAfterSeconds !== undefined && actual === undefined) {
    return { spec, state: 'present-without-ttl' };
  }

  return conflict(
    spec,
    index,
    `expireAfterSeconds is ${actual ?? 'unset'}, expected ${spec.expireAfterSeconds ?? 'unset'}`,
  );
}

function conflict(
  spec: IndexSpec,
  index: Document,
  detail: string,
): IndexReport {
  return {
    spec,
    state: 'conflicting',
    existingName: String(index.name),
    detail: `index "${String(index.name)}" ${detail}`,
  };
}

/** Key order matters for compound indexes, so compare as entry lists. */
function sameKeys(a: unknown, b: Record<string, number>): boolean {
  const left = Object.entries((a ?? {}) as Record<string, unknown>);
  const right = Object.entries(b);

  return (
    left.length === right.length &&
    left.every(([k, v], i) => k === right[i][0] && Number(v) === right[i][1])
  );
}

const NO_TTL_NOTE =
  'server refuses TTL indexes; the service sweeps expired sessions itself';

/** One line per index for logs and the CLI. */
export function describeReport(report: IndexReport): string {
  const where = `${report.spec.collection}.${report.spec.name}`;
  switch (report.state) {
    case 'present':
      return `${where}: present`;
    case 'missing':
      return `${where}: missing`;
    case 'present-without-ttl':
      return `${where}: present without TTL (${NO_TTL_NOTE})`;
    case 'conflicting':
      return `${where}: conflicting: ${report.detail}`;
  }
}
