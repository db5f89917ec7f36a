import { describe, expect, it } from 'vitest';
import { isDangerousUrl, sanitiseEvent } from '../src/shared/sanitize';
import type { WireEvent } from '../src/shared/wire';

function el(tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = [], id = 10) {
  return { type: 2, tagName, attributes, childNodes, id };
}

function fullSnapshot(...body: unknown[]): WireEvent {
  return {
    type: 2,
    timestamp: 1,
    data: {
      node: { type: 0, id: 1, childNodes: [el('html', {}, [el('head', {}, [], 3), el('body', {}, body, 4)], 2)] },
      initialOffset: { top: 0, left: 0 },
    },
  };
}

function bodyOf(event: WireEvent): { tagName: string; attributes: Record<string, unknown>; childNodes: unknown[] }[] {
  const doc = (event.data as { node: { childNodes: { childNodes: { childNodes: unknown[] }[] }[] } }).node;
  return doc.childNodes[0].childNodes[1].childNodes as never;
}

describe('sanitiseEvent', () => {
  it('should_neutralise_script_elements', () => {
    const event = sanitiseEvent(fullSnapshot(el('script', { src: 'https://evil.example/x.js' }, [{ type: 3, textContent: 'alert(1)', id: 11 }])))!;
    const [script] = bodyOf(event);
    expect(script.tagName).toBe('template');
    expect(script.attributes).toEqual({});
    expect(script.childNodes).toEqual([]);
    expect(JSON.stringify(event)).not.toContain('alert(1)');
  });

  it('should_strip_event_handler_attributes', () => {
    const event = sanitiseEvent(fullSnapshot(el('img', { src: 'x.png', onerror: 'alert(1)', ONLOAD: 'alert(2)', alt: 'ok' })))!;
    expect(bodyOf(event)[0].attributes).toEqual({ src: 'x.png', alt: 'ok' });
  });

  it('should_strip_javascript_urls_also_when_obfuscated', () => {
    const event = sanitiseEvent(
      fullSnapshot(
        el('a', { href: 'javascript:alert(1)' }),
        el('a', { href: ' JaVa\tScRiPt:alert(1)' }),
        el('a', { href: 'javascript&colon;alert(1)' }),
        el('form', { action: 'javascript:alert(1)' }),
        el('iframe', { src: 'https://evil.example', srcdoc: '<script>alert(1)</script>' }),
        el('a', { href: 'https://ok.example/' }),
        el('object', { data: 'evil.swf' }),
        el('svg', { 'xlink:href': 'data:text/html,<script>alert(1)</script>' }),
      ),
    )!;
    const body = bodyOf(event);
    expect(body[0].attributes).toEqual({});
    expect(body[1].attributes).toEqual({});
    expect(body[2].attributes).toEqual({});
    expect(body[3].attributes).toEqual({});
    expect(body[4].attributes).toEqual({});
    expect(body[5].attributes).toEqual({ href: 'https://ok.example/' });
    expect(body[6].tagName).toBe('template');
    expect(body[7].attributes).toEqual({});
    expect(JSON.stringify(event)).not.toMatch(/alert/);
  });

  it('should_keep_image_data_urls_and_drop_html_ones', () => {
    expect(isDangerousUrl('data:image/png;base64,AAAA', 'src')).toBe(false);
    expect(isDangerousUrl('data:text/html;base64,AAAA', 'src')).toBe(true);
    expect(isDangerousUrl('data:image/svg+xml,<svg onload=alert(1)>', 'src')).toBe(true);
  });

  it('should_drop_meta_refresh_and_base_href', () => {
    const event = sanitiseEvent(fullSnapshot(el('meta', { 'http-equiv': 'refresh', content: '0;url=javascript:alert(1)' }), el('base', { href: 'https://evil.example/' })))!;
    expect(bodyOf(event)[0].attributes).toEqual({});
    expect(bodyOf(event)[1].attributes).toEqual({});
  });

  it('should_sanitise_added_nodes_and_attribute_mutations', () => {
    const event = sanitiseEvent({
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [{ parentId: 4, nextId: null, node: el('div', { onclick: 'alert(1)' }, [el('script', {}, [{ type: 3, textContent: 'alert(2)' }])]) }],
        attributes: [{ id: 5, attributes: { onmouseover: 'alert(3)', href: 'javascript:alert(4)', class: 'x' } }],
      },
    })!;
    const data = event.data as { adds: { node: ReturnType<typeof el> }[]; attributes: { attributes: Record<string, unknown> }[] };
    expect(data.adds[0].node.attributes).toEqual({});
    expect((data.adds[0].node.childNodes[0] as { tagName: string }).tagName).toBe('template');
    // removed rather than left with the old value
    expect(data.attributes[0].attributes).toEqual({ onmouseover: null, href: null, class: 'x' });
    expect(JSON.stringify(event)).not.toMatch(/alert/);
  });

  it('should_drop_event_kinds_the_console_never_replays', () => {
    expect(sanitiseEvent({ type: 5, timestamp: 1, data: { tag: 'x' } })).toBeNull();
    expect(sanitiseEvent({ type: 6, timestamp: 1, data: {} })).toBeNull();
    expect(sanitiseEvent({ type: 3, timestamp: 1, data: { source: 9 } })).toBeNull(); // canvas
    expect(sanitiseEvent({ type: 3, timestamp: 1, data: { source: 10 } })).toBeNull(); // fonts
    expect(sanitiseEvent({ type: 3, timestamp: 1, data: { source: 1, positions: [] } })).not.toBeNull();
    expect(sanitiseEvent({ type: 4, timestamp: 1, data: { href: 'https://x', width: 1, height: 1 } })).not.toBeNull();
  });
});
