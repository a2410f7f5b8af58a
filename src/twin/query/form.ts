// Query-protocol requests: a form-encoded POST body naming the Action and the API Version, with the input members
// flattened into dotted keys (Tags.member.1.Key=…, MessageAttributes.entry.1.Value.StringValue=…). Decoding
// rebuilds the structure: lists and maps become arrays in index order (a map as its {Name/key, Value/value}
// entries), everything else nested objects of strings. Handlers then read and check the members they need.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormInput = { [key: string]: FormValue };

export interface QueryRequest {
  action: string | undefined;
  version: string | undefined;
  input: FormInput;
}

export function decodeForm(body: string): QueryRequest {
  const params = new URLSearchParams(body);
  const root: Record<string, unknown> = Object.create(null);
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const path = key.split('.');
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      // An empty list is sent as "Tags=" (no members): a later member turns it into a structure.
      node = node[segment] = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : Object.create(null);
    }
    const last = path[path.length - 1];
    if (!(typeof node[last] === 'object' && value === '')) node[last] = value;
  }
  return { action: params.get('Action') ?? undefined, version: params.get('Version') ?? undefined, input: collapse(root) as FormInput };
}

/** Turns {member: {1: a, 2: b}} (and entry maps) into [a, b]; leaves other structures as plain objects. */
function collapse(node: unknown): FormValue {
  if (typeof node !== 'object' || node === null) return node as string;
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry') && typeof record[keys[0]] === 'object') {
    return Object.entries(record[keys[0]] as Record<string, unknown>)
      .filter(([index]) => /^\d+$/.test(index))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => collapse(item));
  }
  return Object.fromEntries(keys.map((key) => [key, collapse(record[key])]));
}
