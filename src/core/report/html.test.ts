// The HTML report is one self-contained document: every table and backbone hash in it, every text
// escaped, and no URL but the SVG namespace names, whatever the figures' SVG brought along.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHtmlReport, decodeSvgDataUrl, escapeHtml, sanitizeSvg } from './html';
import { allReportTables } from './tables';
import { buildTestReport } from './testReport';
import type { EvaluationReport } from './types';

const SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"';

const HOSTILE_SVG = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg>${SVG_OPEN} onload="alert(1)" xml:base="https://evil.example/">`
  + '<script type="text/javascript">alert(2)</script><SCRIPT src="https://evil.example/x.js"/>'
  + '<style>@import url(https://fonts.example/font.css); .a { fill: url("https://evil.example/p.svg#grad") }</style>'
  + '<g clip-path="url(\'http://localhost:5173/#clip1\')" style="clip-path: url(&quot;http://localhost/#clip2&quot;); fill: url(https://x.example/y.png)">'
  + '<image xlink:href="https://evil.example/i.png" width="5"/><image href="data:image/png;base64,AAAA"/>'
  + '<a href="javascript:alert(3)" onclick = \'alert(4)\'><text x="1">ok &amp; fine</text></a><use href="#clip1"/></g>'
  + '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>';

/** The document with the two SVG namespace declarations removed: what must hold no URL. */
const withoutNamespaces = (html: string): string =>
  html.replace(/\sxmlns(?::xlink)?="http:\/\/www\.w3\.org\/(?:2000\/svg|1999\/xlink)"/g, '');

describe('sanitizeSvg', () => {
  it('drops prolog, scripts, handlers, foreign content and every reference out; keeps local ones', () => {
    const svg = sanitizeSvg(HOSTILE_SVG);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"')).toBe(true);
    expect(svg).not.toMatch(/<script|<\?xml|<!DOCTYPE|foreignObject|@import|javascript:|alert/i);
    expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(withoutNamespaces(svg)).not.toMatch(/https?:|\/\//i);
    expect(svg).toContain('clip-path="url(#clip1)"');
    expect(svg).toContain('clip-path: url(#clip2); fill: none');
    expect(svg).toContain('<use href="#clip1"/>');
    expect(svg).toContain('<image href="data:image/png;base64,AAAA"/>');
    expect(svg).toContain('<text x="1">ok &amp; fine</text>');
  });

  it('cleans a tag with odd spacing or a quoted ">", and escapes a tag it cannot parse', () => {
    expect(sanitizeSvg('<image href="https://x.example/a.png" / ><use  href = "#a"  /><text title="a>b">t</text>'))
      .toBe('<image/><use href="#a"/><text title="a>b">t</text>');
    expect(sanitizeSvg('<image href="https://x.example/a.png></svg>')).toBe('&lt;image href="https://x.example/a.png></svg>');
  });
});

describe('decodeSvgDataUrl', () => {
  const svg = `${SVG_OPEN}><text>μ ≤ 0.5 &amp; 100 %</text></svg>`;
  it('decodes plotly\'s URL-encoded data URL, a base64 one, and passes raw SVG through', () => {
    expect(decodeSvgDataUrl(`data:image/svg+xml,${encodeURIComponent(svg)}`)).toBe(svg);
    expect(decodeSvgDataUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)).toBe(svg);
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(svg)));
    expect(decodeSvgDataUrl(`data:image/svg+xml;base64,${base64}`)).toBe(svg);
    expect(decodeSvgDataUrl(svg)).toBe(svg);
  });
});

describe('buildHtmlReport', () => {
  let report: EvaluationReport;
  let html: string;
  beforeAll(async () => {
    const base = await buildTestReport();
    const hostile = { ...base.backbones[0], id: '<script>alert("id")</script>', file: { ...base.backbones[0].file, sha256: 'ef'.repeat(32) } };
    report = { ...base, backbones: [base.backbones[0], hostile], warnings: [...base.warnings, 'a <b>bold</b> warning'] };
    html = buildHtmlReport({
      report,
      figures: [{ id: 'recon', title: 'Reconstruction <error>', caption: 'MAE & MSE over real slots', svg: HOSTILE_SVG }],
      tables: allReportTables(report),
      notes: ['figure "umap" could not be exported'],
    });
  });

  it('holds every table, every backbone hash, the bundle codec and the settings', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const table of allReportTables(report)) {
      expect(html).toContain(escapeHtml(table.title));
      expect(html).toContain(escapeHtml(table.caption));
      for (const row of table.rows) for (const cell of row.cells) expect(html).toContain(escapeHtml(cell.text));
    }
    for (const backbone of report.backbones) expect(html).toContain(backbone.file.sha256);
    expect(html).toContain(report.bundle.codecSha256);
    expect(html).toContain(report.createdAt);
    expect(html).toContain('k = 5');
    expect(html).toContain('Reconstruction &lt;error&gt;');
    expect(html).toContain('MAE &amp; MSE over real slots');
    expect(html).toContain('figure &quot;umap&quot; could not be exported');
    expect(html).toContain('a &lt;b&gt;bold&lt;/b&gt; warning');
  });

  it('escapes a hostile backbone id and runs no script', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;id&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('holds no URL but the SVG namespace names', () => {
    expect(html).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(withoutNamespaces(html)).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*(?!["']?(?:#|data:image\/))/i);
  });
});
