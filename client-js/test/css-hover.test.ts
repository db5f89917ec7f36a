// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOVER_CLASS, HoverSync, absolutiseCssUrls, hoverRules, rewriteHoverSelector } from '../src/customer/css-hover';

describe('hover rewriting', () => {
  it('should_rewrite_hover_to_the_class', () => {
    expect(rewriteHoverSelector('a:hover')).toBe('a.gcb-hover');
    expect(rewriteHoverSelector('.menu li:hover > ul, .x:HOVER')).toBe('.menu li.gcb-hover > ul, .x.gcb-hover');
    expect(rewriteHoverSelector('a:focus')).toBeNull();
  });

  it('should_make_urls_absolute_against_the_stylesheet', () => {
    expect(absolutiseCssUrls('a{background:url(img/x.png)} b{background:url("/y.png")} c{background:url(data:image/png;base64,AA)}', 'https://cdn.example/css/site.css')).toBe(
      'a{background:url(https://cdn.example/css/img/x.png)} b{background:url("https://cdn.example/y.png")} c{background:url(data:image/png;base64,AA)}',
    );
  });

  it('should_copy_only_hover_rules_keeping_media_blocks', () => {
    // jsdom cannot parse stylesheet text outside a document; the proxy path runs in the e2e suite.
    const rule = (selectorText: string, cssText: string) => ({ type: 1, selectorText, style: { cssText } as CSSStyleDeclaration, cssText: '' });
    const rules = hoverRules([
      rule('a', 'color: red;'),
      rule('a:hover', 'color: blue;'),
      { type: 4, cssText: '', media: { mediaText: '(min-width: 10px)' } as MediaList, cssRules: [rule('.m:hover', 'color: green;'), rule('.n', 'color: black;')] as unknown as CSSRuleList },
    ]).join('');
    expect(rules).toBe('a.gcb-hover{color: blue;}@media (min-width: 10px){.m.gcb-hover{color: green;}}');
  });
});

describe('HoverSync', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should_put_the_class_on_the_hovered_chain_and_move_it', async () => {
    document.head.innerHTML = '<style>.card:hover{color:red}</style>';
    document.body.innerHTML = '<div id="a"><span id="b">x</span></div><p id="c">y</p>';
    const sync = new HoverSync(document, { server: true, browser: false }, (u) => '/proxy?url=' + u);
    await sync.start();
    expect(document.querySelector('style[data-gcb-hover-css]')?.textContent).toContain('.card.gcb-hover');
    document.getElementById('b')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(document.getElementById('a')!.classList.contains(HOVER_CLASS)).toBe(true);
    expect(document.getElementById('b')!.classList.contains(HOVER_CLASS)).toBe(true);
    document.getElementById('c')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(document.getElementById('a')!.classList.contains(HOVER_CLASS)).toBe(false);
    expect(document.getElementById('c')!.classList.contains(HOVER_CLASS)).toBe(true);
    sync.setAgentHover(document.getElementById('b'));
    expect(document.getElementById('b')!.classList.contains(HOVER_CLASS)).toBe(true);
    sync.stop();
    expect(document.querySelectorAll('.' + HOVER_CLASS)).toHaveLength(0);
    expect(document.querySelector('style[data-gcb-hover-css]')).toBeNull();
  });

  it('should_read_unreadable_stylesheets_through_the_css_proxy', async () => {
    document.head.innerHTML = '<link rel="stylesheet" href="https://cdn.example/site.css">';
    document.body.innerHTML = '';
    const fetchMock = vi.fn(async () => new Response('nav a:hover{text-decoration:underline}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const sync = new HoverSync(document, { server: true, browser: false }, (u) => 'https://cb.example/cobrowse/rest/css?url=' + encodeURIComponent(u));
    await sync.start();
    expect(fetchMock).toHaveBeenCalledWith('https://cb.example/cobrowse/rest/css?url=https%3A%2F%2Fcdn.example%2Fsite.css', expect.anything());
    sync.stop();
    vi.unstubAllGlobals();
  });

  it('should_not_use_the_proxy_with_the_browser_strategy_alone', async () => {
    document.head.innerHTML = '<link rel="stylesheet" href="https://cdn.example/site.css">';
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const sync = new HoverSync(document, { server: false, browser: true }, (u) => u);
    await sync.start();
    expect(fetchMock).not.toHaveBeenCalled();
    sync.stop();
    vi.unstubAllGlobals();
  });
});
