/**
 * Masking of attributes in rrweb's serialised nodes, before an event leaves the recorder.
 *
 * rrweb masks a field's *current* value (`maskInputFn`) and the text under `maskTextSelector`,
 * but copies every other attribute as it is. Two leaks follow:
 * - a masked field whose pre-filled `value` attribute the customer emptied: rrweb sees an empty
 *   value and sends the attribute (in full snapshots and added nodes) in clear;
 * - what a masked element says outside its text: `title`, `alt`, `placeholder`, `aria-label`…
 *
 * This pass rewrites them in place: a masked field's `value` becomes one `*` per character of its
 * current value (what the agent should see), the other attributes of masked elements are masked
 * as text. A field rrweb's mirror does not know is masked too (fail closed).
 */
import { EventType, type WireEvent } from '../shared/wire';
import type { MaskPolicy } from './masking';

/** Attributes that carry what an element says besides its text; masked on masked elements. */
export const TEXT_ATTRIBUTES: readonly string[] = [
  'value',
  'title',
  'alt',
  'placeholder',
  'label',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
];
const TEXT_ATTRIBUTE_SET = new Set(TEXT_ATTRIBUTES);
const FIELD_TAGS = new Set(['input', 'textarea', 'select']);
const NODE_ELEMENT = 2;
const SOURCE_MUTATION = 0;

interface SerializedNode {
  type: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

interface MutationData {
  source?: number;
  adds?: { node?: SerializedNode }[];
  attributes?: { id?: number; attributes?: Record<string, unknown> }[];
}

/** Looks a live node up by its rrweb id (rrweb's mirror). */
export type NodeLookup = (id: number) => Node | null;

/** Masks the attributes of masked elements in a full snapshot or a mutation, in place. */
export function maskEventAttributes(event: WireEvent, policy: MaskPolicy, nodeOf: NodeLookup): void {
  if (event.type === EventType.FullSnapshot) {
    const root = (event.data as { node?: SerializedNode } | null)?.node;
    if (root) maskTree(root, policy, nodeOf);
  } else if (event.type === EventType.IncrementalSnapshot) {
    const data = event.data as MutationData | null;
    if (!data || data.source !== SOURCE_MUTATION) return;
    for (const add of data.adds ?? []) if (add.node) maskTree(add.node, policy, nodeOf);
    for (const change of data.attributes ?? []) {
      if (typeof change.id !== 'number' || !change.attributes) continue;
      const node = nodeOf(change.id);
      const tag = node && node.nodeType === 1 ? (node as Element).tagName.toLowerCase() : '';
      maskAttributes(change.id, tag, change.attributes, policy, nodeOf, false);
    }
  }
}

/** Walks a serialised subtree (iteratively: pages are deep). */
function maskTree(root: SerializedNode, policy: MaskPolicy, nodeOf: NodeLookup): void {
  const stack: SerializedNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === NODE_ELEMENT && node.attributes && typeof node.id === 'number') {
      maskAttributes(node.id, (node.tagName ?? '').toLowerCase(), node.attributes, policy, nodeOf, true);
    }
    const children = node.childNodes;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function maskAttributes(
  id: number,
  tag: string,
  attributes: Record<string, unknown>,
  policy: MaskPolicy,
  nodeOf: NodeLookup,
  serialised: boolean,
): void {
  let present = false;
  for (const name in attributes) {
    if (TEXT_ATTRIBUTE_SET.has(name) && typeof attributes[name] === 'string' && attributes[name] !== '') {
      present = true;
      break;
    }
  }
  if (!present) return;
  const node = nodeOf(id);
  const element = node && node.nodeType === 1 ? (node as Element) : null;
  const field = FIELD_TAGS.has(tag);
  if (element ? !policy.isMasked(element) : !field) return;
  // A checkbox's or radio button's value is the page's, not the customer's (rrweb sends it as is in
  // input events too, and the server does not check it).
  const choice = tag === 'input' && /^(checkbox|radio)$/i.test(String(element ? (element as HTMLInputElement).type : (attributes.type ?? '')));
  for (const name in attributes) {
    const value = attributes[name];
    if (!TEXT_ATTRIBUTE_SET.has(name) || typeof value !== 'string' || value === '' || (choice && name === 'value')) continue;
    if (name === 'value') {
      // In a snapshot or an added node the value stands for the field's current value; in an
      // attribute change for the attribute itself. Only '*': the server checks values so.
      const current = serialised && field && element ? (element as HTMLInputElement).value : value;
      attributes.value = '*'.repeat(typeof current === 'string' ? current.length : value.length);
    } else {
      attributes[name] = policy.maskText(value);
    }
  }
}
