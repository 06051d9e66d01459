/** Figure builders: pure functions from numbers to a Figure (plotly spec + static SVG). */
export type { Figure, FigureKind, PlotlyObject, LabelSpec } from "./figure";
export { COLOR_SCALES, COLOR_SCALE_NAMES } from "./colors";
export type { ColorScaleName, ColorScale } from "./colors";
export { jacobianAxisLabels, partialLabel } from "./labels";
export type { StepLabel } from "./labels";
export { heatmapFigure, heatmapGridFigure, sliderHeatmapFigure } from "./heatmap";
export type {
  HeatmapOptions,
  HeatmapGridOptions,
  HeatmapPanel,
  SliderHeatmapOptions,
  SliderHeatmapFrame,
} from "./heatmap";
export { lineChartFigure } from "./lineChart";
export type { LineChartOptions, LineSeries } from "./lineChart";
export { networkDiagramFigure } from "./network";
export type { NetworkDiagramOptions, EdgeHighlight } from "./network";
