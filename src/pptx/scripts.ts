/** East Asian script detection, for `lang` and the `ea` font of a run. */

export type EastAsian = 'ko' | 'ja' | 'zh';

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
const KANA = /[\u3040-\u30ff\u31f0-\u31ff]/;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;

/** Hangul wins, then Kana; Han alone is read as Chinese. */
export function detectEastAsian(text: string): EastAsian | undefined {
  if (HANGUL.test(text)) return 'ko';
  if (KANA.test(text)) return 'ja';
  if (HAN.test(text)) return 'zh';
  return undefined;
}

export const LANG: Record<EastAsian, string> = { ko: 'ko-KR', ja: 'ja-JP', zh: 'zh-CN' };

/** Characters that XML 1.0 forbids; a vertical tab pasted from PowerPoint is the usual one. */
export const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
