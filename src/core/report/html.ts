// The self-contained HTML report: one file that opens anywhere offline and loads nothing. Inline
// style, no script, no URL (a Content-Security-Policy forbids both as a second line of defence);
// every text escaped; figures as inline SVG with scripts, event handlers and external references
// stripped. Sections: provenance, the bundle, the settings, the backbones, figures, tables, warnings.
import { backboneKinds } from '../backbone/spec';
import { maxHaplotypesOf } from '../genospace/section';
import { createReportIdentities, getIdentity } from './identity';
import { columnGroups, columnNote, type ReportTable } from './tables';
import type { BackboneReport, EvaluationReport } from './types';
import { generationText, samplerSummary } from './provenance';

export interface HtmlFigure {
  id: string;
  title: string;
  caption: string;
  /** An SVG document or element; sanitised before it is inlined. */
  svg: string;
}

export interface HtmlReportInput {
  report: EvaluationReport;
  figures: HtmlFigure[];
  tables: ReportTable[];
  /** Shown with the report's warnings (e.g. a figure that could not be exported). */
  notes?: string[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** The SVG inside a data URL as plotly's toImage returns it (URL-encoded or base64); other text as is. */
export function decodeSvgDataUrl(url: string): string {
  const match = /^data:([^,]*),/.exec(url);
  if (!match) return url;
  const payload = url.slice(match[0].length);
  if (!/;base64$/i.test(match[1])) return decodeURIComponent(payload);
  return new TextDecoder().decode(Uint8Array.from(atob(payload), (ch) => ch.charCodeAt(0)));
}

/** The only URLs a report may hold: names, never fetched. */
export const SVG_NAMESPACES: ReadonlySet<string> = new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']);
const DANGEROUS_ELEMENTS = 'script|foreignObject|iframe|object|embed|audio|video';

const unquote = (value: string): string => value.replace(/^\s*(?:"|'|&quot;|&#39;)?|(?:"|'|&quot;|&#39;)?\s*$/g, '');

/** url(…) keeps a same-document fragment or an inline image; anything else becomes none. */
function sanitizeCss(css: string): string {
  return css.replace(/@import[^;]*;?/gi, '').replace(/url\(([^)]*)\)/gi, (whole, target: string) => {
    const inner = unquote(target);
    const hash = inner.lastIndexOf('#');
    if (hash >= 0) return `url(#${inner.slice(hash + 1).replace(/[^\w:.-]/g, '')})`;
    return /^data:image\//i.test(inner) ? whole : 'none';
  });
}

/** Event handlers, foreign namespaces and references out go; url(…) inside a value is rewritten. */
function sanitizeAttribute(name: string, value: string): string | null {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) return null;
  if (lower.startsWith('xmlns')) return SVG_NAMESPACES.has(value) ? value : null;
  if (/(^|:)href$|^src$/.test(lower)) return value.startsWith('#') || /^data:image\//i.test(value) ? value : null;
  const cleaned = sanitizeCss(value);
  // Any other value that is a URL (xml:base="https://…", a javascript: link) is a reference out.
  return /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|\/\/|(?:javascript|vbscript|file|data):)/i.test(cleaned) ? null : cleaned;
}

const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;
/** An opening tag with its attributes (quoted values may hold '>'); else a '<' no tag parse accepts. */
const TAG_OR_STRAY = /<([a-zA-Z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<(?=[a-zA-Z])/g;

/** An opening tag rebuilt from the attributes kept; a '<' that opens no well-formed tag is escaped. */
function sanitizeTag(_tag: string, name: string | undefined, inside: string | undefined): string {
  if (name === undefined || inside === undefined) return '&lt;';
  const kept: string[] = [];
  for (const [, attr, raw] of inside.matchAll(ATTRIBUTE)) {
    const value = sanitizeAttribute(attr, raw === undefined ? '' : raw.replace(/^["']|["']$/g, ''));
    if (value !== null) kept.push(raw === undefined ? attr : `${attr}="${value.replace(/"/g, '&quot;')}"`);
  }
  return `<${name}${kept.map((a) => ` ${a}`).join('')}${/\/\s*$/.test(inside) ? '/' : ''}>`;
}

/** An SVG safe to inline: no prolog, scripts, event handlers, external references or imports. */
export function sanitizeSvg(svg: string): string {
  return svg
    .replace(/<\?xml[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/gi, '')
    .replace(new RegExp(`<(${DANGEROUS_ELEMENTS})\\b[\\s\\S]*?<\\/\\1\\s*>`, 'gi'), '')
    .replace(new RegExp(`<\\/?(${DANGEROUS_ELEMENTS})\\b[^>]*>`, 'gi'), '')
    .replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style\s*>)/gi, (_m, open: string, css: string, close: string) => `${open}${sanitizeCss(css)}${close}`)
    .replace(TAG_OR_STRAY, sanitizeTag)
    .trim();
}

type Definition = [term: string, value: string | { code: string }];

function definitionList(entries: Definition[]): string {
  const items = entries.map(([term, value]) => {
    const shown = typeof value === 'string' ? escapeHtml(value) : `<code>${escapeHtml(value.code)}</code>`;
    return `<dt>${escapeHtml(term)}</dt><dd>${shown}</dd>`;
  });
  return `<dl>${items.join('')}</dl>`;
}

const count = (n: number): string => n.toLocaleString('en-US');

function bundleSection({ bundle }: EvaluationReport): string {
  const [n, genes, channels] = bundle.shape;
  return `<section><h2>Dataset bundle</h2>${definitionList([
    ['Codec SHA-256', { code: bundle.codecSha256 }],
    ['Shape (N × G × C)', `${count(n)} × ${count(genes)} × ${channels}; ${count(bundle.realGenes)} real genes, ${count(bundle.realSlots)} real slots`],
    ['Classes', bundle.classNames.join(', ')],
    ['Samples', `train ${count(bundle.counts.train)} (${bundle.trainPerClass.join(' + ')}), holdout ${count(bundle.counts.holdout)} (${bundle.holdoutPerClass.join(' + ')}), excluded ${count(bundle.counts.excluded)}`],
  ])}</section>`;
}

function settingsSection(report: EvaluationReport): string {
  const { settings, tstr } = report;
  const { metrics: m, umap } = settings;
  const bins = (b: { lower: number; upper: number; bins: number }): string => `${b.bins} bins on [${b.lower}, ${b.upper}]`;
  return `<section><h2>Settings</h2>${definitionList([
    ['Evaluation seed', `${settings.seed} (metrics, curves, UMAP, TSTR; each set's own generation seed is in its backbone's section)`],
    ['Synthetic samples per backbone', `${count(settings.samplesPerSet)} (${settings.samplesPerSetRule})`],
    ['Sampler', samplerSummary(report, count)],
    ['Reconstruction curve', `${settings.reconstruction.levels} noise levels, batch ${settings.reconstruction.batchSize}`],
    ['Validation loss', `${settings.validationLoss.drawsPerSample} draws per sample`],
    ['Sample-set metrics', `seed ${m.seed}, k = ${m.k}, ${m.maxRows === null ? 'every row' : `at most ${count(m.maxRows)} rows per set`}, near-copy ε = ${m.nearCopyEpsilon}`],
    ['Bootstrap', `${Math.round(m.bootstrap.level * 1000) / 10} % percentile intervals, ${count(m.bootstrap.resamples)} resamples`],
    ['Distances', m.projection ? `random projection to ${m.projection.dims} dimensions, seed ${m.projection.seed} (approximate)` : 'exact angular cosine distance'],
    ['Histograms', `similarity ${bins(m.similarityBins)}; distance ${bins(m.distanceBins)}`],
    ['UMAP', umap ? `cosine, ${umap.nNeighbors} neighbours, min dist ${umap.minDist}, spread ${umap.spread}, ${umap.nEpochs} epochs, seed ${umap.seed}, at most ${count(umap.maxPerSet)} per set` : 'not run'],
    ['TSTR', tstr.status === 'done'
      ? `${tstr.runs.map((r) => r.classifier).join(', ')}; synthetic training sets ${tstr.synthetic.trainingSet === 'as-generated' ? 'as generated, the first of' : 'generated in the real training split\'s size and class balance,'} ${count(tstr.synthetic.count)} (${tstr.synthetic.classCounts.join(' + ')}), seed ${tstr.synthetic.seed}`
      : `not run: ${tstr.reason}`],
  ])}</section>`;
}

/** A diffusion backbone by its schedule and prediction; a GAN generator (z → x in one pass) has neither. */
function describeModel(spec: BackboneReport['spec']): string {
  const conditional = spec.conditional ? ', class-conditional' : '';
  if (spec.kind === backboneKinds.ganGenerator) return `GAN generator, ${spec.family}, layout ${spec.layout}, z → x in one pass${conditional}`;
  return `${spec.kind}, ${spec.family}, layout ${spec.layout}, ${spec.schedule.kind} schedule T = ${spec.schedule.timesteps}, predicts ${spec.prediction}${conditional}`;
}

function backboneSection(b: BackboneReport, name: string): string {
  return `<section class="backbone"><h3>${escapeHtml(name)}</h3>${definitionList([
    ['File', `${b.file.name} (${count(b.file.bytes)} bytes)`],
    ['SHA-256', { code: b.file.sha256 }],
    ['Codec check', b.codecCheck.status === 'match' ? 'matches the bundle\'s codec' : 'the model names no codec: it may have been trained on another encoding'],
    ['Model', describeModel(b.spec)],
    ['Generation', generationText(b.generation, count)],
  ])}</section>`;
}

/** Imported synthetic cohorts with their provenance, and what the genotype-space table was computed with (issue 12). */
function importedSection(report: EvaluationReport, nameOf: (id: string) => string): string {
  const sets = report.imported ?? [];
  const space = report.genotypeSpace;
  if (sets.length === 0 && !space) return '';
  const items = sets.map((s) => `<section class="backbone"><h3>${escapeHtml(nameOf(s.id))}</h3>${definitionList([
    ['Files', s.files.map((f) => `${f.name} (${count(f.bytes)} bytes)`).join(', ')],
    ...s.files.map((f): [string, { code: string }] => [`SHA-256 ${f.name}`, { code: f.sha256 }]),
    ['Samples', count(s.samples)],
    ['Variants', `${count(s.variants.matched)} of the codec's ${count(s.variants.inCohort)} matched by chromosome, position and alleles (${count(s.variants.flipped)} with REF/ALT swapped, flipped); `
      + `${count(s.variants.cohortUnmatched)} missing from the file; ${count(s.variants.fileUnmatched)} of the file's ${count(s.variants.inFile)} not in the codec`],
    ...(s.haptOne ? [['.hapt coding', s.haptOne === 'major' ? '1 = the major allele of the real training split' : `1 = the legend's ${s.haptOne} allele`] as [string, string]] : []),
  ])}</section>`);
  const settings = space ? `<section id="genotype-space"><h3>Genotype space</h3>${definitionList([
    ['Sets', space.sets.map((s) => `${nameOf(s.id)} (${s.kind}, n = ${count(s.samples.synthetic.n)}, ${count(s.snps.compared)} SNPs)`).join('; ')],
    ['Reference', space.reference],
    ['Settings', `seed ${space.settings.seed}, at most ${count(space.settings.maxSamples)} samples per set, LD window ${space.settings.ldWindow} SNPs from SNP ${space.settings.ldStart}, `
      + `LD decay ${space.settings.ldBins} bins of ${count(space.settings.ldBinBp)} bp, ${count(space.settings.maxPairs)} distance pairs at most, ${space.settings.pcaComponents} PCs, `
      + `haplotype AATS on at most ${count(maxHaplotypesOf(space.settings))} haplotypes per set`],
    ['Haplotype AATS', space.sets.map((s) => `${nameOf(s.id)}: ${s.haplotypes?.computed ? `n = ${count(s.haplotypes.samples.synthetic.n)} haplotypes` : `not computed (${s.haplotypes?.reason ?? 'an older report'})`}`).join('; ')],
  ])}</section>` : '';
  return `<section><h2>Imported synthetic sets and genotype space</h2>${items.join('')}${settings}</section>`;
}

function figureSection(figure: HtmlFigure): string {
  const id = `figure-${figure.id.replace(/[^\w-]/g, '_')}`;
  return `<figure id="${escapeHtml(id)}">${sanitizeSvg(figure.svg)}<figcaption><strong>${escapeHtml(figure.title)}.</strong> ${escapeHtml(figure.caption)}</figcaption></figure>`;
}

/** A ReportTable as HTML: grouped headings, the unit and ideal under each label, numbers right-aligned. */
export function renderTableHtml(table: ReportTable): string {
  const groups = columnGroups(table.columns);
  const groupRow = groups ? `<tr>${groups.map((g) => `<th colspan="${g.span}" class="group">${escapeHtml(g.label)}</th>`).join('')}</tr>` : '';
  const labelRow = `<tr>${table.columns.map((c) => {
    const note = columnNote(c);
    return `<th scope="col"${c.kind === 'text' ? '' : ' class="numeric"'}>${escapeHtml(c.label)}${note ? `<small>${escapeHtml(note)}</small>` : ''}</th>`;
  }).join('')}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.cells.map((cell) => (
    cell.kind === 'text' ? `<td>${escapeHtml(cell.text)}</td>` : `<td class="numeric">${escapeHtml(cell.text)}</td>`
  )).join('')}</tr>`).join('');
  return `<section class="table" id="table-${escapeHtml(table.id)}"><table><caption>${escapeHtml(table.title)}</caption>`
    + `<thead>${groupRow}${labelRow}</thead><tbody>${body}</tbody></table><p class="caption">${escapeHtml(table.caption)}</p></section>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d2330; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d6dae1; } h3 { font-size: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { color: #5b6474; } dd { margin: 0; }
code { font: 12px ui-monospace, monospace; word-break: break-all; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: 0.5rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e6e8ec; text-align: left; white-space: nowrap; vertical-align: bottom; }
th small { display: block; font-weight: 400; color: #5b6474; }
th.group { text-align: center; border-bottom: 1px solid #9aa2b1; }
.numeric { text-align: right; }
.table { overflow-x: auto; } .caption, figcaption { color: #444b57; font-size: 0.92em; max-width: 60rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.warnings li { color: #8a4b00; }
@media print { body { margin: 0; max-width: none; } .table { overflow: visible; } table { font-size: 9px; } figure { break-inside: avoid; } }
`;

/** The whole report as one HTML document. */
export function buildHtmlReport(input: HtmlReportInput): string {
  const { report, figures, tables } = input;
  const remarks = [...report.warnings, ...(input.notes ?? [])];
  const identities = createReportIdentities(report);
  const title = 'Gene Diffusion Workbench: evaluation report';
  const sections = [
    `<header><h1>${escapeHtml(title)}</h1><p>Created ${escapeHtml(report.createdAt)} by ${escapeHtml(report.generator)}; report format ${escapeHtml(report.format)} v${report.version}.</p></header>`,
    bundleSection(report),
    settingsSection(report),
    `<section><h2>Backbones</h2>${report.backbones.map((b) => backboneSection(b, getIdentity(identities, b.id).name)).join('')}</section>`,
    importedSection(report, (id) => getIdentity(identities, id).name),
    figures.length > 0 ? `<section><h2>Figures</h2>${figures.map(figureSection).join('')}</section>` : '',
    `<section><h2>Tables</h2>${tables.map(renderTableHtml).join('')}</section>`,
    remarks.length > 0 ? `<section class="warnings"><h2>Warnings and notes</h2><ul>${remarks.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>` : '',
  ];
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">`
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`
    + `<body>${sections.filter(Boolean).join('\n')}</body></html>\n`;
}
