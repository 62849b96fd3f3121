/** The shape of the generated font metrics (metrics-data.ts, written by scripts/extract-metrics.ts). */

export interface FaceMetrics {
  name: string;
  /** Line height as a multiple of the font size (win ascent + descent). */
  lineHeight: number;
  /** Advance of a Hangul syllable and of a Han ideograph, in 1/1000 em. */
  hangul: number;
  han: number;
  /** [first code point, widths in 1/1000 em]. */
  ranges: [number, number[]][];
}

export type MetricsData = Record<string, { standsFor: string[]; regular: FaceMetrics; bold: FaceMetrics }>;
