/**
 * The HTML report as one self-contained file: the page's style and script inline, the data as
 * JSON in a `<script type="application/json">` element, and a Content-Security-Policy that
 * allows nothing but those two inline blocks (by their sha256) — no request can leave the page,
 * and text from captures, which the script only ever writes as text, cannot run. The same
 * payload and assets always give the same bytes.
 */
import { createHash } from 'node:crypto';
import { embedJson, type ReportPayload } from './prepare.js';

/** The page's code and style (read by io/report-assets.ts). */
export interface ReportAssets {
  /** uPlot's IIFE build and stylesheet (node_modules/uplot/dist). */
  uplotJs: string;
  uplotCss: string;
  /** The report's own script and stylesheet (assets/report/). */
  reportJs: string;
  reportCss: string;
}

/** The CSP source of an inline block: `'sha256-…'` of its exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Inline code must not contain what would end its element early. */
function inline(text: string, tag: 'script' | 'style'): string {
  if (new RegExp(`</${tag}`, 'i').test(text))
    throw new Error(`inline ${tag} contains </${tag}: cannot be embedded`);
  return text;
}

/** The whole page. */
export function renderReportPage(payload: ReportPayload, assets: ReportAssets): string {
  const script = inline(`${assets.uplotJs}\n;\n${assets.reportJs}`, 'script');
  const style = inline(`${assets.uplotCss}\n${assets.reportCss}`, 'style');
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const version = payload.meta?.nad ?? '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="nad ${escapeHtml(version)}">`,
    `<title>nad report — ${escapeHtml(payload.source)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<noscript>This report needs JavaScript to show its data (it runs only the code inside this file).</noscript>',
    '<main id="app" data-ready="false"></main>',
    `<script type="application/json" id="nad-data">${embedJson(payload)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
