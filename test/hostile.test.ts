// Hostile and broken inputs (issue 13): every case runs the CLI as a user would, and asserts the
// exit code, the message and its location, and that nothing outside the output folder was written.
// Cases are named after the item of issue 13 they cover; the interrupt tests cover issue 12's too.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { crc32, constants, deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BatchReport } from '../src/batch/run.js';
import { packPart, zipEntries, type ZipEntry } from '../src/pptx/package.js';
import { cli, SEED, tempDir, type CliRun } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

const run = promisify(execFile);

const CONTENT = 'deck: {title: T}\nsections: [{title: A, summary: x}]\n';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n';
const LOGO = 'logo: {src: crest.png, w: 1, h: 0.5, alt: Ministry crest}\n';

/** A file's bytes, or a symbolic link's target. */
type Entry = string | Buffer | { link: string };
type Files = Record<string, Entry>;

interface Project {
  dir: string;
  out: string;
  /** An absolute path in the project. */
  p(rel: string): string;
}

function project(files: Files): Project {
  const dir = tempDir('hostile-');
  for (const [rel, e] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    if (typeof e === 'object' && 'link' in e) symlinkSync(e.link, path);
    else writeFileSync(path, e);
  }
  return { dir, out: join(dir, 'out'), p: (rel) => join(dir, rel) };
}

/** Every entry below `dir` but the output folder: file hashes and link targets, links not followed. */
function snapshot(dir: string, skip: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (path === skip) continue;
      const st = lstatSync(path);
      const rel = relative(dir, path);
      if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
      else if (st.isDirectory()) {
        out[rel] = 'folder';
        walk(path);
      } else out[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * Run the CLI in a project; `-o OUT` is added to build unless the case gives its own. Asserts that
 * nothing changed in the project but its output folder, and nothing appeared in the working folder.
 */
async function runIn(pr: Project, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const before = snapshot(pr.dir, pr.out);
  const cwd = readdirSync('.').sort();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const full = args[0] === 'build' && !args.includes('-o') ? [...args, '-o', pr.out] : args;
    const r = await cli(...full);
    expect(snapshot(pr.dir, pr.out), 'nothing outside the output folder was written').toEqual(before);
    expect(readdirSync('.').sort(), 'nothing written to the working folder').toEqual(cwd);
    return r;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

interface Case {
  name: string;
  files: Files;
  /** Paths are relative to the project; `{}` marks one to make absolute. */
  args: string[];
  env?: Record<string, string>;
  code: number;
  /** stderr, exactly, with `{}` for the project folder. */
  err: string[];
  /** What the output folder holds afterwards; default: it does not exist. */
  out?: string[];
}

const abs = (pr: Project, s: string) => s.replaceAll('{}', pr.dir);

/** A deck briefdeck builds from the project's c.yaml, written as `name` with one XML part edited: a damaged office template. */
async function tamperedReference(pr: Project, name: string, part: string, edit: (xml: string) => string): Promise<void> {
  expect((await cli('build', pr.p('c.yaml'), '-o', pr.p('ref.pptx'))).code).toBe(0);
  const parts = unzipSync(readFileSync(pr.p('ref.pptx')));
  parts[part] = strToU8(edit(strFromU8(parts[part]!)));
  writeFileSync(pr.p(name), zipSync(parts));
}

const CASES: Case[] = [
  // 1. images: real paths inside the roots and the content folder, bytes that match the name
  {
    name: '1: a template root\'s image that is a symbolic link to /etc/passwd is refused',
    files: { 'T/theme.yaml': LOGO, 'T/crest.png': { link: '/etc/passwd' }, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/crest.png: is a symbolic link to /etc/passwd, outside the template folder {}/T; copy the file into the folder instead'],
  },
  {
    name: '1: a partial that is a symbolic link to /etc/passwd is refused before it is read, and nothing is written',
    files: { 'T/partials/leak.hbs': { link: '/etc/passwd' }, 'T/layouts/title.hbs': '<slide>{{> leak}}</slide>', 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/partials/leak.hbs: is a symbolic link to /etc/passwd, outside the template folder {}/T; copy the file into the folder instead'],
  },
  {
    name: '1: a template folder linking to a folder outside it is refused, not walked',
    files: { 'T/partials/etc': { link: '/etc' }, 'c.yaml': CONTENT },
    args: ['validate', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/partials/etc: is a symbolic link to /etc, outside the template folder {}/T; copy the file into the folder instead'],
  },
  {
    name: '1: an image in the content folder that is a symbolic link out of it is refused, at the content\'s line and column',
    files: { 'c.yaml': `deck: {title: T}\ntheme:\n  ${LOGO}sections: [{title: A, summary: x}]\n`, 'crest.png': { link: '/etc/hostname' } },
    args: ['build', '{}/c.yaml'],
    code: 4,
    err: ['error: {}/c.yaml:3:15: theme logo: image "crest.png" is a symbolic link to /etc/hostname, outside the template folders and the content folder (copy the image into one of them)'],
  },
  {
    name: '1: a logo that is a broken link in the content folder is named as one',
    files: { 'c.yaml': `deck: {title: T}\ntheme:\n  ${LOGO}sections: [{title: A, summary: x}]\n`, 'crest.png': { link: 'nowhere.png' } },
    args: ['build', '{}/c.yaml'],
    code: 4,
    err: ['error: {}/c.yaml:3:15: theme logo: image "crest.png" is a broken symbolic link ({}/crest.png to nowhere.png) (point it at an image, or copy the image in its place)'],
  },
  {
    name: '1: a logo path that is a folder is named as one',
    files: { 'c.yaml': `deck: {title: T}\ntheme:\n  ${LOGO}sections: [{title: A, summary: x}]\n`, 'crest.png/x': 'x' },
    args: ['build', '{}/c.yaml'],
    code: 4,
    err: ['error: {}/c.yaml:3:15: theme logo: image "crest.png" is a folder ({}/crest.png), not an image file (give the path of the image file itself)'],
  },
  {
    name: '1: a text file named .png is not embedded',
    files: { 'T/theme.yaml': LOGO, 'T/crest.png': 'root:x:0:0:root:/root:/bin/bash\n', 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/theme.yaml: theme logo: image "crest.png" is named as a PNG image but is not an image (its first bytes are no PNG, JPEG or GIF signature) (give a PNG, JPEG or GIF image)'],
  },
  {
    name: '1: a JPEG named .png is refused, with the name it should have',
    files: { 'T/theme.yaml': LOGO, 'T/crest.png': JPEG, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/theme.yaml: theme logo: image "crest.png" is named as a PNG image but holds a JPEG one (rename it to .jpg)'],
  },
  {
    name: '1: SVG bytes named .png are told apart, and an .svg logo is refused by name',
    files: { 'T/theme.yaml': LOGO, 'T/crest.png': SVG, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/theme.yaml: theme logo: image "crest.png" is named as a PNG image but holds an SVG one (give a PNG, JPEG or GIF image)'],
  },
  {
    name: '1: an .svg logo',
    files: { 'T/theme.yaml': 'logo: {src: crest.svg, w: 1, h: 0.5}\n', 'T/crest.svg': SVG, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/theme.yaml: theme logo: image "crest.svg" is an SVG image, which briefdeck cannot embed (PowerPoint needs a PNG copy beside it) (convert it to PNG)'],
  },
  // 3. clear errors, not internal ones
  {
    name: '3: a YAML alias bomb is a content error at the first alias',
    files: {
      'c.yaml': `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n${CONTENT}`,
    },
    args: ['build', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:2:8: YAML aliases (*name) expand too far: more than 100 copies (an alias bomb?)'],
  },
  {
    name: '3: a YAML alias bomb in validate too',
    files: {
      'c.yaml': `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n${CONTENT}`,
    },
    args: ['validate', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:2:8: YAML aliases (*name) expand too far: more than 100 copies (an alias bomb?)'],
  },
  {
    name: '3: a broken symbolic link in a template root is named',
    files: { 'T/partials/footer.hbs': { link: '/nonexistent/footer.hbs' }, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/partials/footer.hbs: is a broken symbolic link to /nonexistent/footer.hbs; remove it or point it at a file'],
  },
  {
    name: '3: an editor\'s lock file (a hidden broken link) in a template root is ignored',
    files: { 'T/partials/.#footer.hbs': { link: 'user@host.1234:1700000000' }, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 0,
    err: [],
    out: ['c.pptx'],
  },
  {
    name: '3: a symbolic link loop in a template root',
    files: { 'T/partials/loop.hbs': { link: 'loop.hbs' }, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/partials/loop.hbs: is a symbolic link that points back to itself (a loop)'],
  },
  {
    name: '3: a link to a folder above it in a template root',
    files: { 'T/layouts/again': { link: '..' }, 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/layouts/again: is a symbolic link to a folder that contains it (a loop)'],
  },
  {
    name: '3: --report before the inputs would take a content file as its name: refused, nothing written over it',
    files: { 'v.yaml': CONTENT, 'w.yaml': CONTENT },
    args: ['build', '--report', '{}/v.yaml', '{}/w.yaml', '-o', '{}/out'],
    code: 2,
    err: ['error: --report writes JSON, to a file whose name ends in .json, not "{}/v.yaml" (put --report after the inputs, or write --report=FILE.json)'],
  },
  {
    name: '3: templates eject onto a file is refused as a write error, not an internal one',
    files: { afile: 'x' },
    args: ['templates', 'eject', 'briefing', '{}/afile'],
    code: 5,
    err: ['error: {}/afile: this is a file, not a folder; eject writes only into a new or empty folder'],
  },
  {
    name: '3: templates eject below a file is refused as a write error',
    files: { afile: 'x' },
    args: ['templates', 'eject', 'briefing', '{}/afile/sub'],
    code: 5,
    err: ['error: {}/afile/sub: a part of this path is a file, not a folder; eject writes only into a new or empty folder'],
  },
  {
    name: '3: templates from onto a file is refused before the reference is read',
    files: { afile: 'x', 'office.pptx': 'not read' },
    args: ['templates', 'from', '{}/office.pptx', '{}/afile'],
    code: 5,
    err: ['error: {}/afile: this is a file, not a folder; `templates from` writes only into a new or empty folder'],
  },
  {
    name: '3: preview on a port past 65535 is a usage error',
    files: { 'c.yaml': CONTENT },
    args: ['preview', '{}/c.yaml', '--port', '99999'],
    code: 2,
    err: ["error: option '--port <n>' argument '99999' is invalid. --port takes a port number from 0 to 65535 (0: any free port)"],
  },
  {
    name: '1: a manifest\'s content outside its folder and the working folder is refused at its line and column, unread',
    files: { 'p/meetings.yaml': 'meetings:\n  - name: one\n    content: ../elsewhere/c.yaml\n', 'elsewhere/c.yaml': CONTENT },
    args: ['validate', '{}/p/meetings.yaml'],
    code: 3,
    err: ["error: {}/p/meetings.yaml:3:14: content: ../elsewhere/c.yaml is outside {}/p and the working folder (keep content files in the manifest's folder or below it, or build them by name)"],
  },
  {
    name: '1: a manifest\'s shared content at an absolute path outside is refused',
    files: { 'meetings.yaml': 'content: /etc/passwd\nmeetings:\n  - name: one\n' },
    args: ['build', '{}/meetings.yaml'],
    code: 3,
    err: ["error: {}/meetings.yaml:1:10: content: /etc/passwd is outside {} and the working folder (keep content files in the manifest's folder or below it, or build them by name)"],
  },
  {
    name: '1: a folder build does not read a file linked from outside it (links are not followed in a folder scan)',
    files: { 'd/c.yaml': CONTENT, 'd/passwd.yaml': { link: '/etc/passwd' } },
    args: ['validate', '{}/d'],
    code: 0,
    err: [],
  },
  {
    name: '1: a glob does not read a file linked from outside its folder',
    files: { 'd/c.yaml': CONTENT, 'd/passwd.yaml': { link: '/etc/passwd' } },
    args: ['validate', '{}/d/*.yaml'],
    code: 3,
    err: ['error: {}/d/passwd.yaml: is a symbolic link to /etc/passwd, outside {}/d; it was not read (name the file itself to build it, or copy it into the folder)'],
  },
  {
    name: '5: a source url that is no http(s) or mailto address is a content error at its line and column',
    files: { 'c.yaml': 'deck: {title: T}\nsections: [{title: A, summary: x}]\nsources:\n  - {title: S, url: "ftp://example.com/x"}\n' },
    args: ['validate', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:4:21: sources[0].url: a source url is an http(s) or mailto address with no spaces, such as https://example.org/page'],
  },
  {
    name: '3: an empty -o (an unset shell variable) is a usage error, not the working folder',
    files: { 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-o', ''],
    code: 2,
    err: ["error: option '-o, --out <dir|file.pptx>' argument '' is invalid. -o needs a value, not an empty string"],
  },
  {
    name: '7: a folder build takes flow- and JSON-style content, and reports a top-level key one typo from deck: instead of skipping the file',
    files: {
      'd/flow.yaml': '{deck: {title: flow}, sections: [{title: A, summary: x}]}\n',
      'd/json.yaml': '{\n  "deck": {"title": "json"},\n  "sections": [{"title": "A", "summary": "x"}]\n}\n',
      'd/typo.yaml': 'dek: {title: typo}\nsections: [{title: A, summary: x}]\n',
      'd/other.yaml': 'date: 2020\nname: ci\n',
    },
    args: ['validate', '{}/d'],
    code: 3,
    err: ['{}/d/typo.yaml:1:1: deck: missing required key `deck` (a mapping)', '{}/d/typo.yaml:1:1: dek: unknown key `dek`; did you mean `deck`?'],
  },
  {
    name: '3: SOURCE_DATE_EPOCH past the year 9999',
    files: { 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml'],
    env: { SOURCE_DATE_EPOCH: '99999999999999' },
    code: 2,
    err: ['error: SOURCE_DATE_EPOCH is after the year 9999: "99999999999999" (seconds, not milliseconds)'],
  },
  {
    name: '3: SOURCE_DATE_EPOCH that is not a number',
    files: { 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml'],
    env: { SOURCE_DATE_EPOCH: 'abc' },
    code: 2,
    err: ['error: SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got "abc" (e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct))'],
  },
  // 5. check on a missing file
  {
    name: '5: check on a missing file is an error, not "no problems"',
    files: {},
    args: ['check', '{}/nonexist.pptx'],
    code: 1,
    err: ['error: {}/nonexist.pptx: no such file'],
  },
  // 6. encodings
  {
    name: '6: a Latin-1 file is a content error at the byte\'s line and column',
    files: { 'c.yaml': Buffer.from('deck: {title: "Caf\xe9 M\xfcller"}\nsections: [{title: A, summary: x}]\n', 'latin1') },
    args: ['build', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:1:19: byte 0xE9 is not UTF-8 (Latin-1 or Windows text?); save the file as UTF-8'],
  },
  {
    name: '6: a Latin-1 file fails validate the same way',
    files: { 'c.yaml': Buffer.from('deck:\n  title: "Caf\xe9 M\xfcller"\nsections: [{title: A, summary: x}]\n', 'latin1') },
    args: ['validate', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:2:14: byte 0xE9 is not UTF-8 (Latin-1 or Windows text?); save the file as UTF-8'],
  },
  {
    name: '6: a UTF-16 file with a byte-order mark says "save it as UTF-8"',
    files: { 'c.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONTENT, 'utf16le')]) },
    args: ['build', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:1:1: the file is UTF-16 text; save it as UTF-8'],
  },
  {
    name: '6: a UTF-16 file without one, found in a folder',
    files: { 'd/c.yaml': Buffer.from(CONTENT, 'utf16le') },
    args: ['validate', '{}/d'],
    code: 3,
    err: ['{}/d/c.yaml:1:1: the file is UTF-16 text; save it as UTF-8'],
  },
  {
    name: '6: a lone surrogate escape is an error, not U+FFFD',
    files: { 'c.yaml': 'deck: {title: "Caf\\uD800"}\nsections: [{title: A, summary: x}]\n' },
    args: ['build', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:1:15: deck.title: "\\uD800" is half of a surrogate pair, not a character; write the character itself, or both halves'],
  },
  // 7. validate checks what build would, without rendering
  {
    name: '7: validate refuses a layout name that is a path',
    files: { 'c.yaml': 'deck: {title: T}\nsections:\n  - title: A\n    layout: ../../etc/passwd\n' },
    args: ['validate', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:4:13: sections[0].layout: a layout name is letters, digits, "-" and "_": the name of a file in layouts/, without .hbs'],
  },
  {
    name: '7: validate finds a layout the set lacks',
    files: { 'c.yaml': 'deck: {title: T}\nsections:\n  - title: A\n    layout: two-column\n' },
    args: ['validate', '{}/c.yaml'],
    code: 4,
    err: ['error: {}/c.yaml:3:5: no layout "two-column" in template set "briefing", needed for section 1, "A" (layouts available: agenda, section, sources, table, title)'],
  },
  {
    name: '7: validate checks a meeting\'s template set',
    files: { 'c.yaml': CONTENT, 'meetings.yaml': 'content: c.yaml\nmeetings:\n  - name: one\n    template: nosuch\n  - name: two\n' },
    args: ['validate', '{}/meetings.yaml'],
    code: 4,
    err: ['error: meeting "one" ({}/meetings.yaml:3:5): no template set "nosuch" (built-in sets: briefing, memo, reference; or give a folder of templates)'],
  },
  {
    name: '7: validate checks theme values, the content\'s and a meeting\'s',
    files: { 'c.yaml': CONTENT, 'meetings.yaml': 'content: c.yaml\nmeetings:\n  - name: one\n    theme: {colors: {primary: navy}}\n' },
    args: ['validate', '{}/meetings.yaml'],
    code: 3,
    err: ['{}/meetings.yaml:4:31: meetings[0].theme.colors.primary: expected a colour like 1F3864'],
  },
  // 8. template and configuration gaps
  {
    name: '8: a text size PowerPoint cannot take is a markup error',
    files: { 'T/layouts/sources.hbs': '<slide><text x="1" y="1" w="2" h="1" size="0.1">x</text></slide>', 'c.yaml': `${CONTENT}sources: [{title: S}]\n` },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: {}/T/layouts/sources.hbs: invalid slide markup from the sources: <text> attribute `size` must be from 1 to 400 points, got "0.1" (line 1 of the rendered markup)'],
  },
  {
    name: '8: an element wholly off the slide is a warning, once per element',
    files: { 'T/partials/footer.hbs': '<rect x="20" y="1" w="1" h="1" fill="primary"/>', 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 0,
    err: ['templates/briefing/layouts/agenda.hbs: warning: <rect> at x=20 y=1 (1 × 1 in), drawn by layout "agenda" or a partial it uses, for the agenda, is wholly off the 13.33 × 7.5 in slide'],
    out: ['c.pptx'],
  },
  {
    name: '8: a manifest\'s template that leaves for /etc is refused before anything in it is read',
    files: { 'c.yaml': CONTENT, 'meetings.yaml': 'content: c.yaml\nmeetings:\n  - name: one\n    template: ../../../../../../../../etc\n' },
    args: ['build', '{}/meetings.yaml'],
    code: 4,
    err: ['error: meeting "one" ({}/meetings.yaml:3:5): "/etc" is not a template folder: it has no theme.yaml, layouts/ or partials/ (`briefdeck templates eject briefing DIR` makes one)'],
  },
  {
    name: '8: theme messages say what is wrong with the value',
    files: {
      'c.yaml': 'deck: {title: T}\ntheme: {sizes: {title: -5, body: 1e400}}\nsections:\n  - title: A\n    tables: [{columns: [a], rows: [[true]]}]\n',
    },
    args: ['validate', '{}/c.yaml'],
    code: 3,
    err: [
      '{}/c.yaml:2:24: theme.sizes.title: must be at least 4, got -5',
      '{}/c.yaml:2:34: theme.sizes.body: is too large a number to use (it reads as infinity)',
      '{}/c.yaml:5:37: sections[0].tables[0].rows[0][0]: expected a string or a number, got true (write "true" in quotes for the text)',
    ],
  },
  {
    name: '8: a file of two YAML documents',
    files: { 'c.yaml': `${CONTENT}---\n${CONTENT}` },
    args: ['validate', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:3:1: YAML syntax: a second document (after `---`); a briefdeck file is one document'],
  },
  // 9. one line per failure, no repeated paths, no nested parentheses
  {
    name: '9: a failed single deck prints its error once, on one line',
    files: { 'c.yaml': 'deck: {title: T}\nsections:\n  - title: A\n    layout: two-column\n' },
    args: ['build', '{}/c.yaml'],
    code: 4,
    err: ['error: {}/c.yaml:3:5: no layout "two-column" in template set "briefing", needed for section 1, "A" (layouts available: agenda, section, sources, table, title)'],
  },
  // 10. files in out/
  {
    name: '10: a build of a missing file creates nothing',
    files: {},
    args: ['build', '{}/nonexist.yaml'],
    code: 3,
    err: ['error: {}/nonexist.yaml: no such file (check the path)'],
  },
  {
    name: '10: a single deck writes the deck and nothing else',
    files: { 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml'],
    code: 0,
    err: [],
    out: ['c.pptx'],
  },
  {
    name: '10: -o x.pptx with several decks is a usage error',
    files: { 'a.yaml': CONTENT, 'b.yaml': CONTENT },
    args: ['build', '{}/a.yaml', '{}/b.yaml', '-o', '{}/out/x.pptx'],
    code: 2,
    err: ['error: -o {}/out/x.pptx names one file, but this build makes 2 decks (give -o a folder)'],
  },
  // 11. names
  {
    name: '11: meeting names that differ only in case are flagged',
    files: { 'c.yaml': CONTENT, 'meetings.yaml': 'content: c.yaml\nmeetings:\n  - name: same\n  - name: SAME\n' },
    args: ['build', '{}/meetings.yaml'],
    code: 3,
    err: ['{}/meetings.yaml:4:11: meetings[1].name: name "SAME" differs from meetings[0]\'s "same" only in case, and would be the same file on macOS and Windows'],
  },
  {
    name: '11: a 300-character name is one clear error',
    files: { 'c.yaml': CONTENT, 'meetings.yaml': `content: c.yaml\nmeetings:\n  - name: ${'n'.repeat(300)}\n` },
    args: ['build', '{}/meetings.yaml'],
    code: 3,
    err: ['{}/meetings.yaml:3:11: meetings[0].name: an output name is at most 200 bytes in UTF-8 (a Korean or Chinese character takes 3)'],
  },
  {
    name: '1: an image linked inside the content folder is allowed',
    files: { 'c.yaml': `deck: {title: T}\ntheme:\n  ${LOGO}sections: [{title: A, summary: x}]\n`, 'art/real.png': PNG, 'crest.png': { link: 'art/real.png' } },
    args: ['build', '{}/c.yaml'],
    code: 0,
    err: [],
    out: ['c.pptx'],
  },
  {
    name: '11: files whose decks differ only in case are flagged',
    files: { 'a/Visit.yaml': CONTENT, 'b/visit.yaml': CONTENT },
    args: ['validate', '{}/a/Visit.yaml', '{}/b/visit.yaml'],
    code: 2,
    err: ['error: would write out/visit.pptx, which differs only in case from out/Visit.pptx, which {}/a/Visit.yaml writes: one file on macOS and Windows (rename one of the files)'],
  },
  // faults the suite already covered elsewhere, here with their full messages
  {
    name: 'a binary file',
    files: { 'crest.yaml': Buffer.concat([PNG, Buffer.from('deck: {title: x}\n')]) },
    args: ['build', '{}/crest.yaml'],
    code: 3,
    err: ['error: {}/crest.yaml: is not a text file (give a YAML content file or a meetings.yaml manifest)'],
  },
  {
    name: 'an unknown key, with a suggestion',
    files: { 'c.yaml': 'deck: {title: T, subtitel: x}\nsections: [{title: A}]\n' },
    args: ['build', '{}/c.yaml'],
    code: 3,
    err: ['{}/c.yaml:1:18: deck.subtitel: unknown key `subtitel`; did you mean `subtitle`?'],
  },
  {
    name: 'an unknown template set',
    files: { 'c.yaml': CONTENT },
    args: ['build', '{}/c.yaml', '-t', 'nosuch'],
    code: 4,
    err: ['error: no template set "nosuch" (built-in sets: briefing, memo, reference; or give a folder of templates)'],
  },
  {
    name: 'a -t folder that is not a template folder',
    files: { 'c.yaml': CONTENT, 'T/readme.txt': 'x' },
    args: ['build', '{}/c.yaml', '-t', '{}/T'],
    code: 4,
    err: ['error: "{}/T" is not a template folder: it has no theme.yaml, layouts/ or partials/ (`briefdeck templates eject briefing DIR` makes one)'],
  },
  {
    name: 'an empty folder',
    files: { 'empty/.keep': '' },
    args: ['build', '{}/empty'],
    code: 2,
    err: ['error: no content files in {}/empty (give YAML content files, with a top-level `deck:`, or meetings.yaml manifests)'],
  },
];

describe('hostile inputs: exit code, message and location, and nothing written outside the output folder (issue 13)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const pr = project(c.files);
    const r = await runIn(
      pr,
      c.args.map((a) => abs(pr, a)),
      c.env,
    );
    expect(r.err).toEqual(c.err.map((l) => abs(pr, l)));
    expect(r.code).toBe(c.code);
    if (c.out) expect(readdirSync(pr.out).sort()).toEqual(c.out);
    else expect(existsSync(pr.out), 'no output folder').toBe(false);
  });
});

/** Run the built binary; stdout lines are kept with the time each arrived. */
function spawnCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['bin/briefdeck.cjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: { at: number; line: string }[] = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push({ at: performance.now(), line: buf.slice(0, i) });
      buf = buf.slice(i + 1);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  /** The exit, if it comes within `ms`: a build that ignores the signal fails the test rather than hanging it. */
  const exited = async (ms = 5000) => {
    const exit = await Promise.race([ended, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
    if (!exit) throw new Error(`still running ${ms} ms after the signal`);
    return exit;
  };
  const until = async (ok: () => boolean, ms: number, what: string) => {
    const end = performance.now() + ms;
    while (!ok()) {
      if (performance.now() > end) throw new Error(`gave up waiting for ${what}; stdout so far: ${lines.length} lines; stderr: ${err.slice(-400)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { child, lines, ended, exited, until, err: () => err };
}

const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'build-report.json'), 'utf8')) as BatchReport;

/** A manifest of `n` small decks over one content file. */
function manyMeetings(n: number): Project {
  const names = Array.from({ length: n }, (_, i) => `  - name: m${String(i + 1).padStart(4, '0')}\n    deck: {subtitle: "Meeting ${i + 1}"}\n`).join('');
  return project({ 'c.yaml': 'deck: {title: T}\nsections:\n  - {title: A, summary: x}\n  - {title: B, bullets: [one, two]}\n', 'meetings.yaml': `content: c.yaml\nmeetings:\n${names}` });
}

describe('interrupts (issue 13 item 2, issue 12 item 2)', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops a batch within a second: progress streamed until then, no new deck, no temp file, previous decks kept, cache and report record what was built', async (signal, code) => {
    const pr = manyMeetings(400);
    mkdirSync(pr.out);
    writeFileSync(join(pr.out, 'm0400.pptx'), 'previous deck');
    const b = spawnCli(['build', pr.p('meetings.yaml'), '-o', pr.out, '-j', '2']);
    try {
      // plain progress streams: lines arrive while the batch runs, not all at the end
      await b.until(() => b.lines.length >= 3, 120_000, 'three progress lines');
      const sent = performance.now();
      b.child.kill(signal);
      const exit = await b.exited();
      expect(exit.at - sent, 'exit within a second of the signal').toBeLessThan(1000);
      expect(exit.code).toBe(code);
      expect(b.lines[0]!.at, 'the first line came well before the end').toBeLessThan(sent);
      const report = readReport(pr.out);
      expect(report.interrupted).toBe(signal);
      expect(report.summary.planned).toBe(400);
      expect(report.summary.total).toBeLessThan(400);
      const built = report.decks.filter((d) => d.status === 'built');
      expect(built.length).toBe(report.summary.total);
      for (const d of built) expect(existsSync(d.output), d.output).toBe(true);
      // a deck a worker had just renamed into place when it was ended may be missing from the report
      const onDisk = readdirSync(pr.out).filter((n) => n.endsWith('.pptx') && n !== 'm0400.pptx');
      expect(onDisk.length - built.length).toBeGreaterThanOrEqual(0);
      expect(onDisk.length - built.length).toBeLessThanOrEqual(2);
      expect(readFileSync(join(pr.out, 'm0400.pptx'), 'utf8')).toBe('previous deck');
      expect(temps(pr.out)).toEqual([]);
      const cache = JSON.parse(readFileSync(join(pr.out, '.briefdeck-cache.json'), 'utf8')) as { entries: Record<string, unknown> };
      expect(Object.keys(cache.entries).sort()).toEqual(built.map((d) => resolve(d.output)).sort());
      // every deck in the report was printed, once, and the summary says what was left
      expect(b.lines.map((l) => l.line)).toEqual(report.decks.map((d) => `built ${d.output} (4 slides)`));
      expect(b.err().trim().split('\n').at(-1)).toMatch(new RegExp(`^interrupted \\(${signal}\\): ${built.length} built, 0 skipped, 0 failed of 400 decks in \\d+\\.\\d s; ${400 - built.length} decks not built$`));
    } finally {
      b.child.kill('SIGKILL');
    }
  });

  it('SIGINT stops a single long deck within a second; the previous deck is kept and no temp file is left', async () => {
    // megabytes of prose: fitting it takes seconds however fast fitting gets
    const words = ['alpha', 'beta', 'gamma', 'delta', 'market', 'policy', 'summit', 'visit'];
    const prose = Array.from({ length: 400_000 }, (_, i) => words[(i * 7) % words.length]).join(' ');
    const pr = project({ 'long.yaml': `deck: {title: Long}\nsections:\n  - title: A\n    summary: "${prose}"\n` });
    mkdirSync(pr.out);
    writeFileSync(join(pr.out, 'long.pptx'), 'previous deck');
    const b = spawnCli(['build', pr.p('long.yaml'), '-o', pr.out]);
    let finished = false;
    void b.ended.then(() => (finished = true));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      expect(finished, 'the build was still running when interrupted').toBe(false);
      const sent = performance.now();
      b.child.kill('SIGINT');
      const exit = await b.exited();
      expect(exit.at - sent, 'exit within a second of the signal').toBeLessThan(1000);
      // nothing to clean up yet, so Node's own handling ends it: the shell sees 130 either way
      expect(exit.signal === 'SIGINT' || exit.code === 130, `${exit.signal} ${exit.code}`).toBe(true);
      expect(readFileSync(join(pr.out, 'long.pptx'), 'utf8')).toBe('previous deck');
      expect(readdirSync(pr.out)).toEqual(['long.pptx']);
    } finally {
      b.child.kill('SIGKILL');
    }
  });
});

/** A zip whose one XML part unpacks to 1 GiB of zeros, in about a megabyte. */
function zipBomb(): Buffer {
  const MiB = Buffer.alloc(1 << 20);
  // a fully flushed block is byte-aligned and starts afresh, so the same bytes can be repeated
  const block = deflateRawSync(MiB, { finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < 1024; i++) crc = crc32(MiB, crc);
  const bomb: ZipEntry = { name: Buffer.from('ppt/slides/slide1.xml'), packed: Buffer.concat([...Array.from({ length: 1024 }, () => block), deflateRawSync(Buffer.alloc(0))]), crc, size: 1024 * (1 << 20) };
  return zipEntries([packPart('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), bomb]);
}

describe('hostile files, step by step (issue 13)', () => {
  it('4: check counts a zip bomb as a package problem, without unpacking it', async () => {
    const pr = project({ 'bomb.pptx': zipBomb() });
    const before = process.memoryUsage().rss;
    const r = await runIn(pr, ['check', pr.p('bomb.pptx')]);
    expect(r.out).toEqual([`${pr.p('bomb.pptx')}: ppt/slides/slide1.xml: unpacks to 1,024 MiB, and the XML parts may take 256 MiB in all: a zip bomb, or far more than a deck holds`]);
    expect(r.err).toEqual(['checked 1 deck: 1 problem']);
    expect(r.code).toBe(1);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
  });

  it('3: stacks and causes only with --debug', async () => {
    const pr = project({ 'c.yaml': CONTENT, file: 'x' });
    const plain = await runIn(pr, ['build', pr.p('c.yaml'), '-o', pr.p('file/out')]);
    expect(plain.code).toBe(5);
    expect(plain.err).toEqual([`error: ${pr.p('file/out/c.pptx')}: cannot write the file: ENOTDIR: not a directory, mkdir '${pr.p('file/out')}'`]);
    const debug = await runIn(pr, ['--debug', 'build', pr.p('c.yaml'), '-o', pr.p('file/out')]);
    expect(debug.code).toBe(5);
    expect(debug.err[0]).toBe(plain.err[0]);
    expect(debug.err[1]).toMatch(/^ {2}caused by: Error: ENOTDIR: not a directory, mkdir .*\n +at /);
  });

  it('7: validate takes manifests, folders and globs as build does, and writes nothing', async () => {
    const pr = project({ 'data/xi-south-korea-visit.yaml': readFileSync(SEED), 'data/meetings.yaml': readFileSync('data/meetings.yaml') });
    const ok = readFileSync('data/meetings.yaml', 'utf8').match(/name: (\S+)/g)!.map((m) => `${pr.p('data/meetings.yaml')} meeting "${m.slice(6)}": ok`);
    expect(ok).toHaveLength(3);
    for (const input of [pr.p('data/meetings.yaml'), pr.p('data'), `${pr.p('data')}/*.yaml`]) {
      const r = await runIn(pr, ['validate', input]);
      expect(r, input).toMatchObject({ code: 0, out: ok, err: [] });
    }
    expect(readdirSync(pr.dir)).toEqual(['data']);
  });

  it('9, 10: plurals; a skipped deck keeps its warnings in the report; the report lives in the output folder', async () => {
    const pr = project({ 'T/partials/footer.hbs': '<rect x="20" y="1" w="1" h="1" fill="primary"/>', 'c.yaml': CONTENT, 'meetings.yaml': 'content: c.yaml\nmeetings:\n  - name: m1\n  - name: m2\n' });
    const args = ['build', pr.p('meetings.yaml'), '-t', pr.p('T'), '-j', '1'];
    const first = await runIn(pr, args);
    expect(first.out).toEqual([`built ${pr.p('out/m1.pptx')} (3 slides, 1 warning)`, `built ${pr.p('out/m2.pptx')} (3 slides, 1 warning)`]);
    expect(first.err.at(-1)).toMatch(/^2 built, 0 skipped, 0 failed \(2 decks in \d+\.\d s\)$/);
    expect(readdirSync(pr.out).sort()).toEqual(['.briefdeck-cache.json', 'build-report.json', 'm1.pptx', 'm2.pptx']);
    const again = await runIn(pr, args);
    expect(again.out).toEqual([`skipped ${pr.p('out/m1.pptx')} (meeting "m1"): unchanged (1 warning when built)`, `skipped ${pr.p('out/m2.pptx')} (meeting "m2"): unchanged (1 warning when built)`]);
    const report = readReport(pr.out);
    expect(report.decks.map((d) => [d.status, d.slides, d.warnings.length])).toEqual([
      ['skipped', 3, 1],
      ['skipped', 3, 1],
    ]);
    expect(report.decks[0]!.warnings[0]!.message).toMatch(/is wholly off the 13\.33 × 7\.5 in slide$/);
    const check = await runIn(pr, ['check', pr.p('out/m1.pptx'), '--no-schemas']);
    expect(check).toMatchObject({ code: 0, out: [], err: ['checked 1 deck: no problems'] });
  });

  it('9: a failed deck of a batch is one line, naming its output once', async () => {
    const pr = project({ 'c.yaml': CONTENT, 'meetings.yaml': 'content: c.yaml\nmeetings:\n  - name: m1\n  - name: m2\n', file: 'x' });
    const r = await runIn(pr, ['build', pr.p('meetings.yaml'), '-o', pr.p('file/out'), '-j', '1']);
    expect(r.code).toBe(1);
    expect(r.out).toEqual(
      ['m1', 'm2'].map((m, i) => `failed ${pr.p(`file/out/${m}.pptx`)} (meeting "${m}", ${pr.p('meetings.yaml')}:${3 + i}:5): cannot write the file: ENOTDIR: not a directory, mkdir '${pr.p('file/out')}'`),
    );
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^0 built, 0 skipped, 2 failed \(2 decks in \d+\.\d s\)$/);
  });

  it('9: the README\'s exit codes are those --help lists', async () => {
    const help = (await cli('--help')).out.join('\n');
    const fromHelp = Object.fromEntries([...help.split('Exit codes:')[1]!.matchAll(/^ {2}(\d+) +(.+)$/gm)].map((m) => [m[1]!, m[2]!.replaceAll('\\`', '`')]));
    const table = readFileSync('README.md', 'utf8').split('### Exit codes')[1]!.split('\n\n')[1]!;
    const fromReadme = Object.fromEntries([...table.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(fromHelp)).toEqual(['0', '1', '2', '3', '4', '5', '70', '130', '143']);
    expect(fromReadme).toEqual(fromHelp);
  });

  it('6: a source url with characters a URI may not hold as they are is written percent-encoded, and check passes the deck', async () => {
    const url = 'https://example.com/검색?q=a[0]&p=100%';
    const pr = project({ 'c.yaml': `deck: {title: T}\nsections: [{title: A, summary: x}]\nsources: [{title: S, url: "${url}"}]\n` });
    const r = await runIn(pr, ['build', pr.p('c.yaml'), '-o', pr.p('out/c.pptx')]);
    expect(r.code).toBe(0);
    const deck = await openDeck(pr.p('out/c.pptx'));
    const rels = await Promise.all(deck.parts.filter((n) => n.endsWith('.rels')).map((n) => deck.read(n)));
    const targets = rels.flatMap((xml) => [...xml.matchAll(/Target="(https:[^"]*)"/g)].map((m) => m[1]));
    expect(targets).toEqual(['https://example.com/%EA%B2%80%EC%83%89?q=a%5B0%5D&amp;p=100%25']);
    expect((await cli('check', pr.p('out/c.pptx'))).code).toBe(0);
  });

  it('8: a reference whose layout has a broken relationship is refused, not grafted into the deck', async () => {
    const pr = project({ 'c.yaml': CONTENT });
    await tamperedReference(pr, 'broken.pptx', 'ppt/slideLayouts/_rels/slideLayout1.xml.rels', (xml) =>
      xml.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/missing.png"/></Relationships>'),
    );
    const r = await runIn(pr, ['build', pr.p('c.yaml'), '--reference', pr.p('broken.pptx')]);
    expect(r.code).toBe(4);
    expect(r.err).toEqual([`error: ${pr.p('broken.pptx')}: its part ppt/slideLayouts/slideLayout1.xml refers to ppt/media/missing.png, which is not in the package (open it in PowerPoint and save it again, which repairs broken relationships)`]);
  });

  it('12: the binary in a checkout that was never built says what to run, with no stack trace', async () => {
    const dir = tempDir('hostile-');
    mkdirSync(join(dir, 'bin'));
    for (const f of ['briefdeck.cjs', 'load-bundle.cjs']) writeFileSync(join(dir, 'bin', f), readFileSync(join('bin', f)));
    const r = await new Promise<{ code: number | null; err: string }>((done) => {
      execFile(process.execPath, [join(dir, 'bin', 'briefdeck.cjs'), '--version'], (e, _out, err) => done({ code: e ? (e.code as number) : 0, err }));
    });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`error: briefdeck is not built here (${join(dir, 'dist', 'bundle', 'cli.cjs')} is missing); run \`npm install\` or \`npm run build\` in ${dir}\n`);
  });

  it('8: a DTD in a package (OPC M1.18) is a check problem, and a reference holding one is refused', async () => {
    const pr = project({ 'c.yaml': CONTENT });
    await tamperedReference(pr, 'dtd.pptx', '[Content_Types].xml', (xml) => xml.replace('<Types ', '<!DOCTYPE Types [<!ENTITY a "x">]><Types '));
    const checked = await cli('check', pr.p('dtd.pptx'));
    expect(checked.code).toBe(1);
    expect(checked.out.join('\n')).toContain('[Content_Types].xml:2: the part declares a DTD (<!DOCTYPE), which Open Packaging Conventions forbid (ECMA-376 Part 2, M1.18)');
    const r = await runIn(pr, ['build', pr.p('c.yaml'), '--reference', pr.p('dtd.pptx')]);
    expect(r.code).toBe(4);
    expect(r.err).toEqual([`error: ${pr.p('dtd.pptx')}: its part [Content_Types].xml declares a DTD (<!DOCTYPE), which Open Packaging Conventions forbid (open it in PowerPoint and save it again)`]);
  });

  it('a continued title too long for its box keeps its "(continued n/m)": no two slides share a title', async () => {
    const long = 'Recommendations for strengthening long-term economic, security, cultural, educational and technological cooperation between the two governments, their ministries, their regional authorities and the many agencies, universities and firms that carry the work from one year to the next';
    const bullets = Array.from({ length: 40 }, (_, i) => `      - Point ${i + 1} of the recommendations, with enough words to take a full line on the slide`).join('\n');
    const pr = project({ 'c.yaml': `deck: {title: T}\nsections:\n  - title: ${long}\n    bullets:\n${bullets}\n` });
    const r = await runIn(pr, ['build', pr.p('c.yaml'), '-o', pr.p('out/c.pptx')]);
    expect(r.code).toBe(0);
    const titles = (await openDeck(pr.p('out/c.pptx'))).slides.map((sl) => /<p:ph type="(?:title|ctrTitle)"[\s\S]*?<\/p:sp>/.exec(sl.xml)?.[0] ?? '').map((x) => [...x.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''));
    const continued = titles.filter((t) => /\(continued \d+\/\d+\)$/.test(t));
    expect(continued.length).toBeGreaterThan(1);
    // cut, yet each still says which slide of the section it is
    expect(continued.every((t) => t.includes('…'))).toBe(true);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('a reference deck\'s title slide labels the date', async () => {
    const pr = project({ 'c.yaml': 'deck: {title: T, date: "30 November 2026"}\nsections: [{title: A, summary: x}]\n' });
    expect((await cli('build', pr.p('c.yaml'), '-o', pr.p('ref.pptx'))).code).toBe(0);
    const r = await runIn(pr, ['build', pr.p('c.yaml'), '--reference', pr.p('ref.pptx'), '-o', pr.p('out/c.pptx')]);
    expect(r.code).toBe(0);
    expect((await openDeck(pr.p('out/c.pptx'))).slides[0]!.texts).toContain('Date: 30 November 2026');
  });

  it('4: Korean and Chinese meeting names name their decks', async () => {
    const pr = project({ 'c.yaml': CONTENT, 'm.yaml': 'content: c.yaml\nmeetings:\n  - name: 한국-방문\n  - name: 中文\n' });
    const r = await runIn(pr, ['build', pr.p('m.yaml')]);
    expect(r.code).toBe(0);
    expect(readdirSync(pr.out).filter((n) => n.endsWith('.pptx')).sort()).toEqual(['中文.pptx', '한국-방문.pptx'].sort());
  });

  it('11: a YAML key that is a list is an unknown key, and the library prints no warning of its own', async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      const pr = project({ 'c.yaml': 'deck: {title: T}\nsections: [{title: A, summary: x}]\n? [a, b]\n: 1\n' });
      const r = await runIn(pr, ['validate', pr.p('c.yaml')]);
      expect(r.code).toBe(3);
      expect(r.err.join('\n')).toContain('unknown key `[ a, b ]`');
      await new Promise((done) => setImmediate(done));
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });

  it('10: -o NAME.pptx writes that file for a single deck, and nothing else', async () => {
    const pr = project({ 'c.yaml': CONTENT });
    const r = await runIn(pr, ['build', pr.p('c.yaml'), '-o', pr.p('out/mydeck.pptx')]);
    expect(r).toMatchObject({ code: 0, out: [`built ${pr.p('out/mydeck.pptx')} (3 slides)`], err: [] });
    expect(lstatSync(pr.p('out/mydeck.pptx')).isFile()).toBe(true);
    expect(readdirSync(pr.out)).toEqual(['mydeck.pptx']);
    const asked = await runIn(pr, ['build', pr.p('c.yaml'), '-o', pr.p('out/mydeck.pptx'), '--report']);
    expect(asked.code).toBe(0);
    expect(readdirSync(pr.out).sort()).toEqual(['build-report.json', 'mydeck.pptx']);
  });

  it('11: a deck\'s document properties carry no "PptxGenJS Presentation"', async () => {
    const pr = project({ 'c.yaml': CONTENT });
    expect((await runIn(pr, ['build', pr.p('c.yaml')])).code).toBe(0);
    const core = await (await openDeck(pr.p('out/c.pptx'))).read('docProps/core.xml');
    expect(core).toContain('<dc:subject></dc:subject>');
    expect(core).not.toMatch(/PptxGenJS/i);
  });

  it('11: the test suite removes the temp folders it makes', async () => {
    const tmp = tempDir('tmpdir-');
    await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/escape.test.ts'], { env: { ...process.env, TMPDIR: tmp }, timeout: 300_000 });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('11: the README says what npm 11 does on the first npx in a fresh clone', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toMatch(/npm 11[^\n]*installs the project itself/);
    expect(readme).toMatch(/npm ci/);
  });
});
