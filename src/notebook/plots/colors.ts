/**
 * The colour scale shared by the live plotly figure and the static SVG, so both paint a value
 * with the same colour: a diverging scale whose white midpoint is pinned at zero, so a value (a
 * difference) of either sign reads the same.
 */

/** A plotly colour scale: stops [position in 0..1, "#rrggbb"]. */
type ColorScale = [number, string][];

/** ColorBrewer RdBu, reversed so that negative is blue and positive is red; white at the middle. */
const RDBU =
  "#053061 #2166ac #4393c3 #92c5de #d1e5f0 #f7f7f7 #fddbc7 #f4a582 #d6604d #b2182b #67001f";
export const DIVERGING: ColorScale = RDBU.split(" ").map((color, i, all) => [
  i / (all.length - 1),
  color,
]);

function rgb(color: string): number[] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
}

const hex = (channel: number) => Math.round(channel).toString(16).padStart(2, "0");

/**
 * The colour a value gets on a heatmap coloured from −range to range (white at 0), interpolated
 * linearly in RGB (as plotly does).
 */
export function colorFor(value: number, range: number): string {
  // (value / range + 1) / 2, not (value + range) / (2 range): 2 range overflows for range > 9e307.
  const t = Math.min(1, Math.max(0, (value / range + 1) / 2));
  const i = DIVERGING.findIndex(([p], index) => index > 0 && t <= p);
  const [[p0, c0], [p1, c1]] = [DIVERGING[i - 1], DIVERGING[i]];
  const [a, b] = [rgb(c0), rgb(c1)];
  const f = (t - p0) / (p1 - p0);
  return "#" + a.map((c, k) => hex(c + f * (b[k] - c))).join("");
}

/** Dark text on light cells, white text on dark cells (relative luminance, WCAG formula). */
export function textColorOn(background: string): string {
  const [r, g, b] = rgb(background).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.22 ? "#111111" : "#ffffff";
}

/** "rgba(r,g,b,alpha)" of "#rrggbb". */
export function rgba(color: string, alpha: number): string {
  return `rgba(${rgb(color).join(",")},${alpha})`;
}
