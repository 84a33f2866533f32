/**
 * ESLint rule `nad/layers`: imports point down the stages of ARCHITECTURE.md, never up.
 * A file in one stage may import its own stage and any stage listed before it; an import of a
 * later stage (or of commands/) is reported with both stages named. bench/ and test/ are outside
 * the stages and may import anything.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stages, lowest first. */
export const LAYERS = [
  'common',
  'model',
  'io',
  'capture',
  'decode',
  'flow',
  'features',
  'kdd',
  'rows',
  'report',
  'app',
  'serve',
  'queue',
  'cli',
  'commands',
];

const ROOT = dirname(fileURLToPath(import.meta.url));

/** The stage of an absolute path, or undefined outside src/ and commands/. */
export function layerOf(absPath) {
  const parts = relative(ROOT, absPath).split(sep);
  if (parts[0] === 'commands') return 'commands';
  if (parts[0] === 'src' && parts.length > 2 && LAYERS.includes(parts[1])) return parts[1];
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point down the stages of ARCHITECTURE.md' },
    schema: [],
    messages: {
      upward:
        "'{{from}}' may not import '{{to}}': {{fromLayer}} is below {{toLayer}} (ARCHITECTURE.md, stages)",
      unknown: "'{{from}}' is in src/ but in no stage of ARCHITECTURE.md: add its folder to LAYERS",
    },
  },
  create(context) {
    const file = context.filename;
    const fromLayer = layerOf(file);
    const inSrc = relative(ROOT, file).split(sep)[0] === 'src';
    if (fromLayer === undefined) {
      return inSrc
        ? {
            Program: (node) =>
              context.report({ node, messageId: 'unknown', data: { from: relative(ROOT, file) } }),
          }
        : {};
    }
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const toLayer = layerOf(target);
      if (toLayer === undefined) return;
      if (LAYERS.indexOf(toLayer) > LAYERS.indexOf(fromLayer)) {
        context.report({
          node,
          messageId: 'upward',
          data: { from: relative(ROOT, file), to: relative(ROOT, target), fromLayer, toLayer },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
