/**
 * A finished briefdeck deck grafted onto an office's own template: the reference's package is the
 * base (its masters, layouts, themes, media and everything else it holds), its sample slides go,
 * and the deck's slides and notes come in, each related to the reference layout chosen for its
 * kind. What briefdeck's own layouts drew as chrome (the classification banners) is added to the
 * reference layouts the deck uses, after their own shapes, so it is drawn over their graphics only
 * where the banners sit, at the top and bottom edges.
 */
import { posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { BriefdeckError } from '../base/errors.js';
import { zipPackage } from './conform.js';
import { attrOf, Package, packPart, relationships, relsPartOf, xmlOf, type Relationship, type ZipEntry } from './package.js';
import { escapeXml } from './defects/types.js';
import type { Reference, ReferenceLayout } from './reference.js';

const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = {
  presentation: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  slide: 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
  notesSlide: 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml',
  notesMaster: 'application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml',
  theme: 'application/vnd.openxmlformats-officedocument.theme+xml',
  tableStyles: 'application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml',
} as const;

type Rel = Relationship;

function writeRels(parts: Map<string, string | Uint8Array>, part: string, rels: readonly Rel[]): void {
  const body = rels
    .map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.external ? r.target : posix.relative(posix.dirname(part), r.target))}"${r.external ? ' TargetMode="External"' : ''}/>`)
    .join('');
  parts.set(relsPartOf(part), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`);
}

const typeEnd = (r: Rel) => r.type.slice(r.type.lastIndexOf('/') + 1);

/** A part name not yet taken: `dir/base<n>.ext`, counting up from `n`. */
function freeName(parts: Map<string, unknown>, dir: string, base: string, ext: string, n = 1): string {
  for (let i = n; ; i++) {
    const name = `${dir}/${base}${i}${ext}`;
    if (!parts.has(name)) return name;
  }
}

/** The shapes of a part's spTree: everything after its group properties. */
function spTreeShapes(xml: string): string[] {
  const tree = /<p:spTree>([\s\S]*)<\/p:spTree>/.exec(xml)?.[1] ?? '';
  const body = tree.replace(/^[\s\S]*?<\/p:grpSpPr>/, '');
  const out: string[] = [];
  for (const m of body.matchAll(/<p:(sp|pic|cxnSp|grpSp|graphicFrame)>[\s\S]*?<\/p:\1>/g)) out.push(m[0]);
  return out;
}

const maxId = (xml: string) => Math.max(1, ...[...xml.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => Number(m[1])));

/** The layout's placeholder a slide's title, subtitle or body placeholder belongs to, as a `p:ph` element. */
function phFor(layout: ReferenceLayout, type: string): string | undefined {
  const want = type === 'title' || type === 'ctrTitle' ? ['title', 'ctrTitle'] : type === 'subTitle' ? ['subTitle'] : ['body', 'obj'];
  const p = layout.placeholders.find((q) => want.includes(q.type) && q.box);
  if (!p) return undefined;
  return `<p:ph${p.type === 'obj' ? '' : ` type="${p.type}"`}${p.idx !== undefined ? ` idx="${p.idx}"` : ''}/>`;
}

/** A slide's placeholders re-pointed at its reference layout's; one the layout lacks becomes a plain shape. */
function relinkPlaceholders(xml: string, layout: ReferenceLayout): string {
  return xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (sp) => {
    const ph = /<p:ph\b[^>]*\/>/.exec(sp)?.[0];
    if (!ph) return sp;
    const to = phFor(layout, attrOf(ph, 'type') ?? 'obj');
    if (to) return sp.replace(ph, to);
    return sp.replace(/<p:nvPr>\s*<p:ph\b[^>]*\/>\s*<\/p:nvPr>/, '<p:nvPr/>').replace('<a:spLocks noGrp="1"/>', '');
  });
}

export interface GraftPlan {
  /** Per slide, the reference layout it is built on. */
  slideLayouts: readonly ReferenceLayout[];
}

/**
 * The deck rebuilt on the reference. `deck` is a finished briefdeck deck of the reference's slide
 * size, as its packed parts; the result holds the reference's parts, minus its sample slides and
 * what only they used, plus the deck's slides, notes, media, document properties and table style.
 * A part that goes out as it came in is not compressed again: the deck's keep their packed form, and
 * the reference's are packed once for every deck built on it.
 */
export function graftOntoReference(deck: ReadonlyMap<string, ZipEntry>, ref: Reference, plan: GraftPlan): Buffer {
  const ours = new Package(new Map([...deck].map(([name, e]) => [name, inflateRawSync(e.packed)])));
  const own = ours.parts;
  // the deck's parts by their bytes, for media renamed on the way; XML parts read as text are found by it below
  const ownBytes = new Map<Uint8Array, ZipEntry>();
  for (const [name, data] of own) ownBytes.set(data as Uint8Array, deck.get(name)!);
  // a copy: the reference stays as read, for the next deck built on it
  const pkg = new Package(new Map(ref.pkg.parts));
  const parts = pkg.parts;
  const main = 'ppt/presentation.xml';
  if (!parts.has(main)) {
    throw new BriefdeckError('REFERENCE_INVALID', `keeps its presentation part somewhere other than ${main}`, { location: { file: ref.file }, hint: 'open it in PowerPoint and save it again as a .potx' });
  }

  // the reference's sample slides, their notes, and every relationship to them
  const presRels = relationships(pkg, main).filter((r) => typeEnd(r) !== 'slide');
  for (const s of ref.sampleSlides) {
    for (const r of relationships(pkg, s)) if (typeEnd(r) === 'notesSlide' || typeEnd(r) === 'comments') dropPart(parts, r.target);
    dropPart(parts, s);
  }

  // media the deck brings, renamed so they cannot meet the reference's
  const media = new Map<string, string>();
  for (const name of [...own.keys()].filter((n) => n.startsWith('ppt/media/')).sort()) {
    const ext = posix.extname(name);
    const to = freeName(parts, 'ppt/media', 'briefdeck-image', ext);
    media.set(name, to);
    parts.set(to, own.get(name)!);
  }
  const carry = (rels: Rel[]) => rels.map((r) => (media.has(r.target) ? { ...r, target: media.get(r.target)! } : r));

  // the deck's own notes master, whose slide image and notes body print on notes pages, in place of the reference's
  const theirNotes = presRels.findIndex((r) => typeEnd(r) === 'notesMaster');
  if (theirNotes >= 0) presRels.splice(theirNotes, 1);
  let notesMaster: string | undefined;
  const added: [string, string][] = [];
  if (own.has('ppt/notesMasters/notesMaster1.xml')) {
    notesMaster = freeName(parts, 'ppt/notesMasters', 'notesMaster', '.xml');
    parts.set(notesMaster, own.get('ppt/notesMasters/notesMaster1.xml')!);
    const rels = relationships(ours, 'ppt/notesMasters/notesMaster1.xml').map((r) => {
      if (typeEnd(r) !== 'theme') return r;
      const theme = freeName(parts, 'ppt/theme', 'theme', '.xml');
      parts.set(theme, own.get(r.target)!);
      added.push([theme, CT.theme]);
      return { ...r, target: theme };
    });
    writeRels(parts, notesMaster, carry(rels));
    added.push([notesMaster, CT.notesMaster]);
    presRels.push({ id: freeId(presRels), type: `${REL_TYPE}/notesMaster`, target: notesMaster, external: false });
  }

  // chrome: what the deck's own layouts drew, added once to each reference layout that a slide uses
  const chromeAdded = new Map<string, Set<string>>();
  const addChrome = (ourLayout: string, target: ReferenceLayout) => {
    const shapes = spTreeShapes(xmlOf(ours, ourLayout) ?? '').filter((s) => !s.includes('<p:ph'));
    if (shapes.length === 0) return;
    let xml = xmlOf(pkg, target.part)!;
    const idless = (shape: string) => shape.replace(/<p:cNvPr id="\d+"/, '<p:cNvPr');
    // what the layout already draws (a reference made by briefdeck has its banners) is not drawn twice
    const seen = chromeAdded.get(target.part) ?? new Set<string>(spTreeShapes(xml).map(idless));
    chromeAdded.set(target.part, seen);
    const layoutRels = relationships(pkg, target.part);
    const ourRels = carry(relationships(ours, ourLayout));
    let next = maxId(xml) + 1;
    const fresh: string[] = [];
    for (const shape of shapes) {
      const key = idless(shape);
      if (seen.has(key)) continue;
      seen.add(key);
      let s = shape.replace(/<p:cNvPr id="\d+"/, `<p:cNvPr id="${next++}"`);
      // pictures' relationships come along, under new ids
      s = s.replace(/r:(embed|link|id)="([^"]+)"/g, (m, kind: string, id: string) => {
        const r = ourRels.find((x) => x.id === id);
        if (!r) return m;
        const nid = freeId(layoutRels);
        layoutRels.push({ ...r, id: nid });
        return `r:${kind}="${nid}"`;
      });
      fresh.push(s);
    }
    if (fresh.length === 0) return;
    xml = xml.replace(/<\/p:spTree>/, `${fresh.join('')}</p:spTree>`);
    if (!xml.includes('xmlns:r=')) xml = xml.replace(/<p:sldLayout\b/, `<p:sldLayout xmlns:r="${REL_TYPE}"`);
    parts.set(target.part, xml);
    writeRels(parts, target.part, layoutRels);
  };

  // the deck's slides and notes, each slide on its reference layout
  const slideIds: string[] = [];
  const count = [...own.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
  for (let i = 1; i <= count; i++) {
    const slide = `ppt/slides/slide${i}.xml`;
    const layout = plan.slideLayouts[i - 1];
    if (!layout) throw new Error(`no reference layout for slide ${i}`);
    const rels = carry(relationships(ours, slide)).map((r) => {
      if (typeEnd(r) === 'slideLayout') {
        addChrome(r.target, layout);
        return { ...r, target: layout.part };
      }
      return r;
    });
    for (const r of rels) {
      if (typeEnd(r) !== 'notesSlide') continue;
      parts.set(r.target, own.get(r.target)!);
      writeRels(parts, r.target, relationships(ours, r.target).map((n) => (typeEnd(n) === 'notesMaster' && notesMaster ? { ...n, target: notesMaster } : n)));
      added.push([r.target, CT.notesSlide]);
    }
    parts.set(slide, relinkPlaceholders(xmlOf(ours, slide)!, layout));
    writeRels(parts, slide, rels);
    added.push([slide, CT.slide]);
    const id = freeId(presRels);
    presRels.push({ id, type: `${REL_TYPE}/slide`, target: slide, external: false });
    slideIds.push(`<p:sldId id="${255 + i}" r:id="${id}"/>`);
  }

  // the deck's table style joins the reference's own
  const ownStyles = xmlOf(ours, 'ppt/tableStyles.xml');
  const styleRel = presRels.find((r) => typeEnd(r) === 'tableStyles');
  if (ownStyles && /<a:tblStyle\b/.test(ownStyles)) {
    const style = /<a:tblStyle\b[\s\S]*<\/a:tblStyle>/.exec(ownStyles)![0];
    const at = styleRel?.target;
    const theirs = at ? xmlOf(pkg, at) : undefined;
    if (at && theirs) {
      const merged = /<a:tblStyleLst\b[^>]*\/>/.test(theirs)
        ? theirs.replace(/<a:tblStyleLst\b([^>]*)\/>/, `<a:tblStyleLst$1>${style}</a:tblStyleLst>`)
        : theirs.replace('</a:tblStyleLst>', `${style}</a:tblStyleLst>`);
      parts.set(at, merged);
    } else {
      parts.set('ppt/tableStyles.xml', ownStyles);
      added.push(['ppt/tableStyles.xml', CT.tableStyles]);
      presRels.push({ id: freeId(presRels), type: `${REL_TYPE}/tableStyles`, target: 'ppt/tableStyles.xml', external: false });
    }
  }

  parts.set(main, presentationXml(xmlOf(pkg, main)!, slideIds, notesMaster ? presRels.find((r) => r.target === notesMaster)!.id : undefined));
  writeRels(parts, main, presRels);

  // the deck's own document properties and root relationships; the template's thumbnail goes
  for (const p of ['docProps/core.xml', 'docProps/app.xml', '_rels/.rels']) if (own.has(p)) parts.set(p, own.get(p)!);
  for (const n of [...parts.keys()]) if (n.startsWith('docProps/thumbnail')) parts.delete(n);

  // an outline view's list of slides names the samples' relationships
  const view = presRels.find((r) => typeEnd(r) === 'viewProps')?.target;
  const viewXml = view ? xmlOf(pkg, view) : undefined;
  if (view && viewXml) parts.set(view, viewXml.replace(/<p:sldLst>[\s\S]*?<\/p:sldLst>/, ''));

  unreachable(pkg);
  for (const n of [...parts.keys()].filter((p) => /^ppt\/(slideMasters|slideLayouts)\/[^/]+\.xml$/.test(p))) parts.set(n, uniqueIds(xmlOf(pkg, n)!));
  parts.set('[Content_Types].xml', contentTypes(xmlOf(pkg, '[Content_Types].xml') ?? '', parts, added, xmlOf(ours, '[Content_Types].xml') ?? ''));

  const ownText = new Map<string, ZipEntry>();
  for (const [name, data] of own) if (typeof data === 'string') ownText.set(data, deck.get(name)!);
  const entries = new Map<string, ZipEntry>();
  for (const [name, data] of parts) entries.set(name, packed(name, data, ref, typeof data === 'string' ? ownText.get(data) : ownBytes.get(data)));
  return zipPackage(entries);
}

/**
 * A part packed: the deck's own entry when the part is one of the deck's as it was packed (under
 * this name), else the reference's last packing of this name when the part is the same, else packed
 * now and kept for the next deck on the reference.
 */
function packed(name: string, data: string | Uint8Array, ref: Reference, own: ZipEntry | undefined): ZipEntry {
  if (own) return own.name.toString('utf8') === name ? own : { ...own, name: Buffer.from(name, 'utf8') };
  // only the reference's own parts are kept: slides and notes differ from deck to deck
  if (!ref.pkg.parts.has(name) || /^ppt\/(slides|notesSlides)\//.test(name)) return packPart(name, data);
  const last = ref.packed.get(name);
  // a string is compared by its text; bytes by identity (the reference's own, never changed in place)
  if (last?.data === data) return last.entry;
  const entry = packPart(name, data);
  ref.packed.set(name, { data, entry });
  return entry;
}

/**
 * Shape ids made unique within a part, as PowerPoint requires (LibreOffice's own templates repeat
 * them): the first of each keeps its id, so what refers to it still does; later ones get new ids.
 */
function uniqueIds(xml: string): string {
  let next = maxId(xml);
  const seen = new Set<string>();
  return xml.replace(/<p:cNvPr id="(\d+)"/g, (m, id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      return m;
    }
    return `<p:cNvPr id="${++next}"`;
  });
}

function freeId(rels: readonly Rel[]): string {
  const taken = new Set(rels.map((r) => r.id));
  for (let i = 1; ; i++) if (!taken.has(`rIdBd${i}`)) return `rIdBd${i}`;
}

function dropPart(parts: Map<string, unknown>, name: string): void {
  parts.delete(name);
  parts.delete(relsPartOf(name));
}

/** presentation.xml with the deck's slides in place of the samples, sections and custom shows that named them gone. */
function presentationXml(xml: string, slideIds: readonly string[], notesMasterRel: string | undefined): string {
  let out = xml
    .replace(/<p:sldIdLst\b[^>]*\/>|<p:sldIdLst\b[^>]*>[\s\S]*?<\/p:sldIdLst>/, '')
    .replace(/<p:custShowLst\b[^>]*>[\s\S]*?<\/p:custShowLst>/, '')
    .replace(/<p:notesMasterIdLst\b[^>]*>[\s\S]*?<\/p:notesMasterIdLst>/, '')
    .replace(/<p:ext uri="\{521415D9-36F7-43E2-AB2F-B90AF26B5E84\}">[\s\S]*?<\/p:ext>/, '')
    .replace(/<p:extLst>\s*<\/p:extLst>/, '');
  if (notesMasterRel) {
    out = out.replace(/(<\/p:sldMasterIdLst>)/, `$1<p:notesMasterIdLst><p:notesMasterId r:id="${notesMasterRel}"/></p:notesMasterIdLst>`);
  }
  const list = `<p:sldIdLst>${slideIds.join('')}</p:sldIdLst>`;
  // its place in the schema's sequence: after the master lists, before the slide size
  const after = /<\/p:handoutMasterIdLst>|<\/p:notesMasterIdLst>|<\/p:sldMasterIdLst>/;
  const handout = out.indexOf('</p:handoutMasterIdLst>');
  const notes = out.indexOf('</p:notesMasterIdLst>');
  const anchor = handout >= 0 ? '</p:handoutMasterIdLst>' : notes >= 0 ? '</p:notesMasterIdLst>' : after.exec(out)?.[0];
  if (!anchor) throw new Error('presentation part without a master list');
  return out.replace(anchor, `${anchor}${list}`);
}

/** Parts nothing relates to any more (what only the sample slides used), dropped with their relationships. */
function unreachable(pkg: Package): void {
  const parts = pkg.parts;
  const seen = new Set<string>();
  const walk = (part: string) => {
    for (const r of relationships(pkg, part)) {
      if (r.external || seen.has(r.target) || !parts.has(r.target)) continue;
      seen.add(r.target);
      walk(r.target);
    }
  };
  walk('');
  for (const n of [...parts.keys()]) {
    if (n === '[Content_Types].xml' || n.endsWith('.rels')) continue;
    if (!seen.has(n)) dropPart(parts, n);
  }
  for (const n of [...parts.keys()]) {
    if (!n.endsWith('.rels') || n === '_rels/.rels') continue;
    const owner = n.replace(/_rels\/([^/]+)\.rels$/, '$1');
    if (!parts.has(owner)) parts.delete(n);
  }
}

/** [Content_Types].xml for the parts there are: the reference's and the deck's defaults, an override per part that needs one, the main part a presentation's. */
function contentTypes(theirs: string, parts: Map<string, unknown>, added: readonly [string, string][], ours: string): string {
  const defaults = new Map<string, string>();
  for (const src of [ours, theirs]) for (const m of src.matchAll(/<Default Extension="([^"]+)" ContentType="([^"]+)"\/>/g)) defaults.set(m[1]!.toLowerCase(), m[2]!);
  const overrides = new Map<string, string>();
  for (const m of theirs.matchAll(/<Override PartName="\/([^"]+)" ContentType="([^"]+)"\/>/g)) if (parts.has(m[1]!)) overrides.set(m[1]!, m[2]!);
  for (const m of ours.matchAll(/<Override PartName="\/(docProps\/[^"]+)" ContentType="([^"]+)"\/>/g)) if (parts.has(m[1]!)) overrides.set(m[1]!, m[2]!);
  for (const [p, t] of added) overrides.set(p, t);
  overrides.set('ppt/presentation.xml', CT.presentation);
  const exts = new Set([...parts.keys()].map((n) => posix.extname(n).slice(1).toLowerCase()).filter(Boolean));
  const def = [...defaults].filter(([e]) => exts.has(e)).sort(([a], [b]) => (a < b ? -1 : 1));
  const ovr = [...overrides].filter(([p]) => parts.has(p)).sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    def.map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('') +
    ovr.map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join('') +
    '</Types>'
  );
}

