import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Highlighted, Markdown, safeHref } from './markdown';

const html = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

describe('article Markdown', () => {
  it('renders headings, lists, quotes, code and inline marks', () => {
    const out = html('## 现象\n\n闸机**不读卡**，`E102`\n第二行\n\n- 查电源\n- 查[手册](https://example.edu.cn/a)\n\n1. 一\n2. 二\n\n> 注意\n\n```\nping 10.0.0.1\n```');
    expect(out).toContain('<h3>现象</h3>');
    expect(out).toContain('<p>闸机<strong>不读卡</strong>，<code>E102</code><br/>第二行</p>');
    expect(out).toContain('<ul><li>查电源</li><li>查<a href="https://example.edu.cn/a" target="_blank" rel="noopener noreferrer nofollow">手册</a></li></ul>');
    expect(out).toContain('<ol><li>一</li><li>二</li></ol>');
    expect(out).toContain('<blockquote><p>注意</p></blockquote>');
    expect(out).toContain(`<pre class="kb-code"><code>ping 10.0.0.1</code></pre>`);
  });

  it('never lets the source make HTML or unsafe links', () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](//evil.example) [z](data:text/html,hi)');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toContain('href="javascript');
    expect(out).not.toContain('href="//');
    expect(out).not.toContain('href="data');
    expect(safeHref('/incidents/1')).toBe('/incidents/1');
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
  });

  it('shows a server snippet with its marks and nothing else as markup', () => {
    const out = renderToStaticMarkup(<Highlighted html={'&lt;b&gt;东门<mark>闸机</mark>离线 &amp; 重启'} />);
    expect(out).toBe('<span>&lt;b&gt;东门<mark>闸机</mark>离线 &amp; 重启</span>');
  });
});
