/** WCAG 2 contrast between two colours given as six hex digits: 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const c = [0, 2, 4].map((i) => parseInt(hex.replace('#', '').slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ratio WCAG AA asks of text: 3:1 from 18 pt, or from 14 pt bold; 4.5:1 below. */
export const requiredContrast = (sizePt: number, bold: boolean): number => (sizePt >= 18 || (bold && sizePt >= 14) ? 3 : 4.5);
