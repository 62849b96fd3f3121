import { matches, type PartDefect } from './types.js';

/**
 * The notes page's two placeholders, on a portrait notes page of 7.5 × 10 in (pptxgenjs's notesSz):
 * the slide image above, the notes text below, each with its geometry and no text but the body's
 * prompt. These two are what notes pages print; the header, date, footer and number placeholders
 * pptxgenjs adds are not needed and carry a stale date field.
 */
const TREE =
  '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>' +
  '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr>' +
  '<p:spPr><a:xfrm><a:off x="685800" y="1143000"/><a:ext cx="5486400" cy="3086100"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln></p:spPr></p:sp>' +
  '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" sz="quarter" idx="3"/></p:nvPr></p:nvSpPr>' +
  '<p:spPr><a:xfrm><a:off x="685800" y="4400550"/><a:ext cx="5486400" cy="3600450"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>' +
  '<p:txBody><a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"><a:normAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr><a:defRPr sz="1200"/></a:lvl1pPr></a:lstStyle><a:p><a:pPr lvl="0"/><a:r><a:rPr lang="en-US"/><a:t>Click to edit Master text styles</a:t></a:r></a:p></p:txBody></p:sp>' +
  '</p:spTree>';

const EXPECTED = ['sldImg', 'body'];

/**
 * PptxGenJS #1443: PowerPoint deletes every placeholder of pptxgenjs's notes master on repair (its
 * stale date field and creation id among them), and a notes master with no placeholders prints
 * blank notes pages. Write the slide image and body placeholders only, with geometry, and no
 * extension list (as upstream PR #1458 drops it).
 */
export const notesMasterPlaceholder: PartDefect = {
  id: 'notes-master-placeholder',
  parts: /^ppt\/notesMasters\/[^/]+\.xml$/,
  detect(part, xml) {
    const types = [...xml.matchAll(/<p:ph type="([a-zA-Z]+)"/g)].map((m) => m[1]!);
    const extra = matches(part, xml, /<p:ph type="([a-zA-Z]+)"/, 'notes-master-placeholder', (m) =>
      EXPECTED.includes(m[1]!) ? undefined : `notes master placeholder "${m[1]}"; PowerPoint deletes pptxgenjs's on repair (PptxGenJS #1443)`,
    );
    const missing = EXPECTED.filter((t) => !types.includes(t)).map((t) => ({ part, rule: 'notes-master-placeholder', message: `notes master has no "${t}" placeholder: notes pages print without it` }));
    return [...extra, ...missing];
  },
  fix: (xml) => xml.replace(/<p:spTree>[\s\S]*<\/p:spTree>/, TREE).replace(/<p:extLst>[\s\S]*?<\/p:extLst>/g, ''),
};
