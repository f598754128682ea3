#!/usr/bin/env node
// Fails when a dependency can resolve differently on another day: package.json or any package recorded in
// package-lock.json names a version as a dist-tag ("latest", "next", any word that is not a semver range), "*",
// "x" or an empty string, or a git dependency without a commit; and when package.json pins anything but an exact
// version. `npm ci` validates the lock against such a spec by asking the registry what the tag means today, so a
// tag moving (as "tar": "latest" did when tar 8 came out) breaks every fresh clone, whatever the project's code.
//   node client/scripts/check-lock.mjs [DIR]      DIR holds package.json and package-lock.json (default: the repo)
// Prints one line per problem naming the package, the dependency and its spec; exits 1 if there is any.
// Needs no installed package (it runs before npm ci) and any Node >= 18.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

// One semver version or partial version with an optional operator, as node-semver's loose grammar reads it.
const PART = '(?:0|[1-9]\\d*|x|X|\\*)';
const PRERELEASE = '(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?';
const COMPARATOR = new RegExp(`^(?:<=|>=|<|>|=|~>|~|\\^)?\\s*v?${PART}(?:\\.${PART}(?:\\.${PART}${PRERELEASE})?)?$`);
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const ANY = /^(?:[xX*](?:\.[xX*]){0,2})?$/;

/** True when every part of a range (between ||, including hyphen ranges) is a comparator set. */
function isSemverRange(spec) {
  return spec.split('||').every((alternative) => {
    const set = alternative.trim();
    if (set === '') return true; // "a || " means "a or any": caught by the any-version rule below
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
    if (hyphen) return COMPARATOR.test(hyphen[1]) && COMPARATOR.test(hyphen[2]);
    // Operators may be separated from their version by spaces ("> 1.2"): join them first.
    const comparators = set.replace(/(<=|>=|<|>|=|~>|~|\^)\s+/g, '$1').split(/\s+/);
    return comparators.every((c) => COMPARATOR.test(c));
  });
}

/**
 * Why a dependency spec can resolve differently on another day, or null when it cannot (a semver range is checked
 * against the lock's pinned version only, so an open range still installs the locked version).
 */
export function problemOf(spec) {
  if (typeof spec !== 'string') return 'is not a string';
  const s = spec.trim();
  if (s === '') return 'is empty (any version)';
  if (s.split('||').some((part) => ANY.test(part.trim()))) return `is "${s}" (any version)`;
  if (s.startsWith('npm:')) {
    const at = s.lastIndexOf('@');
    if (at <= 4) return `is an alias without a version ("${s}")`;
    const inner = problemOf(s.slice(at + 1));
    return inner && `is an alias whose version ${inner}`;
  }
  if (/^(?:file|link|workspace):/.test(s)) return null;
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:)/.test(s) || /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(s)) {
    return /#[0-9a-f]{40}$/.test(s) ? null : `is a git reference without a commit ("${s}")`;
  }
  if (/^https?:\/\//.test(s)) return `is a URL ("${s}"), not a registry version`;
  if (!isSemverRange(s)) return `is "${s}", a dist-tag (it resolves to whatever the registry tags so today)`;
  return null;
}

/** The problems of one package.json and its package-lock.json (lockfileVersion 2 or 3), one string each. */
export function checkLock(packageJson, lock) {
  const problems = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(packageJson[field] ?? {})) {
      const problem = problemOf(spec);
      if (problem) problems.push(`package.json ${field}: ${name} ${problem}`);
      else if (!EXACT.test(String(spec).trim()) && !/^(?:file|link|workspace):/.test(String(spec).trim()))
        problems.push(`package.json ${field}: ${name} is "${spec}": the project pins exact versions`);
    }
  }
  if (!lock || typeof lock !== 'object' || !lock.packages || typeof lock.packages !== 'object') {
    problems.push('package-lock.json has no "packages" (lockfileVersion 2 or 3 is needed)');
    return problems;
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!entry || typeof entry !== 'object') continue;
    const who = path === '' ? 'package-lock.json (the project)' : `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} (${path})`;
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(entry[field] ?? {})) {
        const problem = problemOf(spec);
        if (problem) problems.push(`${who} ${field}: ${name} ${problem}`);
      }
    }
  }
  return problems;
}

function main() {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../..'));
  const read = (name) => {
    const path = join(root, name);
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      console.error(`check-lock: cannot read ${path} (${e.code ?? 'error'})`);
      process.exit(1);
    }
    try {
      return JSON.parse(text);
    } catch {
      console.error(`check-lock: ${path} is not valid JSON`);
      process.exit(1);
    }
  };
  const packageJson = read('package.json');
  const lock = read('package-lock.json');
  const problems = checkLock(packageJson, lock);
  for (const p of problems) console.error(`check-lock: ${p}`);
  if (problems.length) {
    console.error(`check-lock: ${problems.length} dependency spec(s) can resolve differently on another day; `
      + 'pin the package that declares them (or replace it) so that nothing resolves through a tag');
    process.exit(1);
  }
  console.error(`check-lock: ${Object.keys(lock.packages).length} packages, no dependency through a tag, "*", "x" or ""`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
