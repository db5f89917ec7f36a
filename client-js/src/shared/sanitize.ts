/**
 * The customer's page is hostile input to the agent console. Before an rrweb event reaches the
 * replayer it goes through here: scripts and plugin elements are neutralised, event-handler
 * attributes, `javascript:` (and other scriptable) URLs, `srcdoc`, `<meta http-equiv>` and
 * `<base href>` are removed, and event kinds that the console never replays are dropped.
 * Defence in depth: the replay iframe is also sandboxed without `allow-scripts` and the
 * console has a strict CSP.
 */
import { EventType, type WireEvent } from './wire';

// rrweb-snapshot's node types and rrweb's incremental sources.
const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const;
const Source = { Mutation: 0, CanvasMutation: 9, Font: 10, Log: 11 } as const;
const DROPPED_SOURCES: ReadonlySet<number> = new Set([Source.CanvasMutation, Source.Font, Source.Log]);

/** Elements that can run code or load active content: rebuilt as an inert `<template>`. */
const INERT_TAGS: ReadonlySet<string> = new Set(['script', 'object', 'embed', 'applet', 'frame', 'frameset', 'portal', 'noscript']);
/** Attributes that load or navigate to a URL. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'srcset', 'lowsrc', 'dynsrc',
  'xlink:href', 'ping', 'manifest', 'codebase', 'cite', 'longdesc', 'usemap', 'rr_src',
]);
const ALWAYS_DROPPED: ReadonlySet<string> = new Set(['srcdoc', 'http-equiv', 'nonce', 'integrity']);
const SAFE_DATA_URL = /^data:(image\/(png|jpe?g|gif|webp|avif|bmp|x-icon)|font\/|application\/(font|x-font)|text\/css)/;

type Attributes = Record<string, unknown>;

interface SerializedNode {
  type: number;
  tagName?: string;
  attributes?: Attributes;
  childNodes?: SerializedNode[];
  textContent?: string;
  [key: string]: unknown;
}

/** Strips control characters and whitespace the way browsers do before reading a URL scheme. */
function normaliseUrl(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020\u007f-\u00a0]+/g, '').replace(/&(#0*58|#x0*3a|colon);?/gi, ':').toLowerCase();
}

export function isDangerousUrl(value: string, attributeName = 'href'): boolean {
  const url = normaliseUrl(value);
  if (/^(javascript|vbscript|livescript|mocha):/.test(url)) return true;
  if (url.startsWith('data:') && URL_ATTRIBUTES.has(attributeName)) return !SAFE_DATA_URL.test(url);
  if (attributeName === 'srcset') return /(^|,)(javascript|vbscript):/.test(url);
  return false;
}

/** Sanitises one attribute; returns undefined when it must go. */
function sanitiseAttribute(name: string, value: unknown, tagName: string | undefined): unknown {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || ALWAYS_DROPPED.has(lower)) return undefined;
  if (tagName === 'iframe' && lower === 'src') return undefined;
  if (tagName === 'base' && lower === 'href') return undefined;
  if (tagName === 'meta' && lower === 'content') return undefined;
  if (typeof value !== 'string') return value;
  if (URL_ATTRIBUTES.has(lower) && isDangerousUrl(value, lower)) return undefined;
  if (/^\s*(javascript|vbscript):/i.test(normaliseUrl(value))) return undefined;
  if (lower === 'style' && /(javascript|vbscript):|expression\s*\(|-moz-binding|behavior\s*:/i.test(value)) return undefined;
  return value;
}

function sanitiseAttributes(attributes: Attributes, tagName: string | undefined, removeMissing: boolean): Attributes {
  const clean: Attributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    const result = sanitiseAttribute(name, value, tagName);
    if (result !== undefined) clean[name] = result;
    else if (removeMissing) clean[name] = null; // an attribute mutation: remove rather than keep the old value
  }
  if (tagName === 'link') {
    const rel = String(clean.rel ?? '').toLowerCase();
    if (!/\b(stylesheet|icon)\b/.test(rel)) delete clean.href;
  }
  return clean;
}

/** Sanitises a serialized node tree in place and returns it. */
export function sanitiseNode(node: SerializedNode): SerializedNode {
  if (node.type === NodeType.Element) {
    const tag = String(node.tagName ?? '').toLowerCase();
    if (INERT_TAGS.has(tag)) {
      node.tagName = 'template';
      node.attributes = {};
      node.childNodes = [];
      return node;
    }
    node.attributes = sanitiseAttributes(node.attributes ?? {}, tag, false);
  }
  if (Array.isArray(node.childNodes)) {
    for (const child of node.childNodes) sanitiseNode(child);
  }
  return node;
}

/**
 * Returns the event made safe for the replayer, or null when the console must not replay it.
 * Works in place on the parsed message (it comes fresh from the network).
 */
export function sanitiseEvent(event: WireEvent): WireEvent | null {
  switch (event.type) {
    case EventType.Meta:
    case EventType.DomContentLoaded:
    case EventType.Load:
      return event;
    case EventType.FullSnapshot: {
      const data = event.data as { node?: SerializedNode };
      if (!data?.node) return null;
      sanitiseNode(data.node);
      return event;
    }
    case EventType.IncrementalSnapshot: {
      const data = event.data as {
        source?: number;
        adds?: { node: SerializedNode }[];
        attributes?: { id: number; attributes: Attributes }[];
      };
      if (typeof data?.source !== 'number' || DROPPED_SOURCES.has(data.source)) return null;
      if (data.source === Source.Mutation) {
        for (const add of data.adds ?? []) if (add?.node) sanitiseNode(add.node);
        for (const change of data.attributes ?? []) {
          if (change?.attributes) change.attributes = sanitiseAttributes(change.attributes, undefined, true);
        }
      }
      return event;
    }
    default:
      // Custom and plugin events carry nothing the console replays.
      return null;
  }
}
