// What the build-time preparation scripts (prepare-corpus, prepare-lexicon, prepare-brown) share: the repository root,
// a fail() that names the script, and pinned(name), the folder of an installed devDependency after checking its
// version against the one package.json pins.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** fail(message) prints "SCRIPT: message" to stderr and exits 1; pinned(name) gives { dir, version }. */
export function preparer(script) {
  const devDependencies = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
  function fail(message) {
    console.error(`${script}: ${message}`);
    process.exit(1);
  }
  function pinned(name) {
    const dir = join(root, 'node_modules', name);
    const expected = devDependencies[name];
    if (!expected) fail(`package.json has no devDependency ${name}`);
    let version;
    try {
      version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    } catch {
      fail(`${dir} is missing: run npm ci first`);
    }
    if (version !== expected) fail(`node_modules has ${name} ${version}, package.json pins ${expected}: run npm ci`);
    return { dir, version };
  }
  return { fail, pinned };
}
