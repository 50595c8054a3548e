// Serves the demo backbones of models/demo at /demo/backbones/ with a generated index.json.
// The files belong to models/, where they are trained and exported (models/demo/train_all.sh), so
// the app reads them from there rather than from a second copy under public/ that could go stale:
// `vite dev` serves them from the folder, `vite build` emits them into dist/demo/backbones/, and
// `vite preview` serves that build like any other asset.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** One entry of index.json; paths are relative to the index. */
export interface DemoBackboneEntry {
  /** `gdw.family` as the file is named: models/demo/<family>.onnx. */
  family: string;
  file: string;
  /** Lightning metrics.csv of its training run, or null when the folder has none. */
  metrics: string | null;
  bytes: number;
}

/** The backbones in `dir`, by file name: each <family>.onnx with its <family>/metrics.csv. */
export function listDemoBackbones(dir: string): DemoBackboneEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.onnx'))
    .sort()
    .map((file) => {
      const family = file.slice(0, -'.onnx'.length);
      const metrics = `${family}/metrics.csv`;
      return { family, file, metrics: existsSync(join(dir, metrics)) ? metrics : null, bytes: statSync(join(dir, file)).size };
    });
}

const contentTypes: Record<string, string> = {
  '.onnx': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** The files the plugin publishes, by path under the base: index.json and every listed file. */
function publishedFiles(dir: string): Map<string, () => Buffer> {
  const entries = listDemoBackbones(dir);
  const files = new Map<string, () => Buffer>([['index.json', () => Buffer.from(JSON.stringify({ backbones: entries }, null, 2))]]);
  for (const entry of entries) {
    for (const path of [entry.file, entry.metrics]) if (path) files.set(path, () => readFileSync(join(dir, path)));
  }
  return files;
}

export interface DemoBackbonesOptions {
  /** The folder to publish, e.g. models/demo. */
  dir: string;
  /** URL path it appears at, with slashes at both ends: /demo/backbones/. */
  base: string;
  /** Sent with every response (the page is cross-origin isolated and has a CSP). */
  headers: Record<string, string>;
}

export function demoBackbones({ dir, base, headers }: DemoBackbonesOptions): Plugin {
  return {
    name: 'gdw-demo-backbones',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (!path.startsWith(base)) return next();
        // Only the listed files: the map is rebuilt per request, so a retrained model shows at once.
        const read = publishedFiles(dir).get(path.slice(base.length));
        if (!read) return next();
        const body = read();
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        res.setHeader('Content-Type', contentTypes[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.setHeader('Content-Length', body.byteLength);
        res.setHeader('Cache-Control', 'no-cache');
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    },
    generateBundle() {
      for (const [path, read] of publishedFiles(dir)) {
        this.emitFile({ type: 'asset', fileName: `${base.slice(1)}${path}`, source: read() });
      }
    },
  };
}
