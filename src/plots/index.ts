/** Figure builders: pure functions from numbers to a Figure (plotly spec + static SVG). */
export type { Figure, FigureKind, PlotlyObject, LabelSpec } from "./figure";
export { FIGURE_LOG_VARIABLE } from "./figure";
export { COLOR_SCALES, COLOR_SCALE_NAMES } from "./colors";
export type { ColorScaleName, ColorScale } from "./colors";
export {
  MEANINGS,
  MEANING_COLORS,
  MEANING_DASH,
  MIN_FONT_SIZE,
  MAX_FIGURE_WIDTH,
  NEUTRAL_COLORS,
  seriesStyle,
  meaningOfName,
} from "./style";
export type { Meaning, LineDash } from "./style";
export { jacobianAxisLabels, partialLabel } from "./labels";
export type { StepLabel } from "./labels";
export { heatmapFigure, heatmapGridFigure, sliderHeatmapFigure, symmetricRange } from "./heatmap";
export type {
  HeatmapOptions,
  HeatmapGridOptions,
  HeatmapPanel,
  SliderHeatmapOptions,
  SliderHeatmapFrame,
} from "./heatmap";
export { lineChartFigure, linePanelsFigure, quantileBand } from "./lineChart";
export type {
  LineChartOptions,
  LinePanelsOptions,
  LinePanel,
  LineSeries,
  LineBand,
} from "./lineChart";
export { networkDiagramFigure } from "./network";
export type { NetworkDiagramOptions, EdgeHighlight } from "./network";
export { readingsRecapFigure, readingsRecapCells, RECAP_FORMS, RECAP_LAYOUTS } from "./recap";
export type { ReadingsRecapOptions, RecapCell, RecapVerdict } from "./recap";
export { MAX_DRAWN_NEURONS } from "./network";
