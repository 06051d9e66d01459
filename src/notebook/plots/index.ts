/** Figure builders: pure functions from numbers to a Figure (plotly spec + static SVG). */
export type { Figure, FigureKind, PlotlyObject, LabelSpec } from "./figure";
export { MEANINGS, MEANING_COLORS, MIN_FONT_SIZE, MAX_FIGURE_WIDTH } from "./style";
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
export { lineChartFigure, linePanelsFigure } from "./lineChart";
export type {
  LineChartOptions,
  LinePanelsOptions,
  LinePanel,
  LineSeries,
  LineBand,
} from "./lineChart";
export { MAX_DRAWN_NEURONS, networkDiagramFigure } from "./network";
export type { NetworkDiagramOptions, EdgeHighlight } from "./network";
export { readingsRecapFigure, readingsRecapCells } from "./recap";
export type { ReadingsRecapOptions, RecapCell, RecapVerdict } from "./recap";
