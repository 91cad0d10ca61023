import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ReliabilityBin, RiskCoveragePoint } from "../metrics/metrics.js";

/** Renders a Vega-Lite spec to PNG bytes (Vega -> SVG -> resvg), headless and deterministic. */
export async function renderPng(spec: TopLevelSpec): Promise<Uint8Array> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG(2);
  view.finalize();
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng();
  return new Uint8Array(png);
}

/** The frame every chart shares: size, white background, layered marks. */
function chart(title: string | { text: string; subtitle: string }, layer: unknown[]): TopLevelSpec {
  return { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title, width: 360, height: 300, background: "white", layer } as TopLevelSpec;
}

/** Accuracy vs confidence per bin, before and after calibration (the formula as subtitle), against the diagonal. */
export function reliabilityDiagram(title: string, before: readonly ReliabilityBin[], after: readonly ReliabilityBin[], calibration: string): TopLevelSpec {
  const series = (name: string, bins: readonly ReliabilityBin[]) =>
    bins.filter((bin) => bin.count > 0).map((bin) => ({ series: name, confidence: bin.meanConfidence, accuracy: bin.accuracy, count: bin.count }));
  const points = [...series("before (T = 1)", before), ...series("after calibration", after)];
  return chart({ text: title, subtitle: calibration }, [
    {
      data: {
        values: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
      },
      mark: { type: "line", color: "#999", strokeDash: [4, 4] },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    },
    {
      data: { values: points },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "confidence", type: "quantitative", title: "mean confidence in bin", scale: { domain: [0, 1] } },
        y: { field: "accuracy", type: "quantitative", title: "accuracy in bin", scale: { domain: [0, 1] } },
        color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom-right" } },
      },
    },
  ]);
}

/** Error among answered examples vs share answered, with the 5% and 2% error levels marked. */
export function riskCoverageChart(title: string, curve: readonly RiskCoveragePoint[], riskLevels: readonly number[]): TopLevelSpec {
  // One point per 0.5% of coverage keeps the chart light on 5,000-example test sets.
  const step = Math.max(1, Math.floor(curve.length / 200));
  const points = curve.filter((_, i) => i % step === 0 || i === curve.length - 1).map((p) => ({ coverage: p.coverage, risk: p.risk }));
  return chart(title, [
    {
      data: { values: points },
      mark: { type: "line", color: "#1f77b4" },
      encoding: {
        x: { field: "coverage", type: "quantitative", title: "coverage (share answered)", scale: { domain: [0, 1] } },
        y: { field: "risk", type: "quantitative", title: "error among answered" },
      },
    },
    {
      data: { values: riskLevels.map((risk) => ({ risk, label: `${risk * 100}% error` })) },
      layer: [
        { mark: { type: "rule", color: "#d62728", strokeDash: [3, 3] }, encoding: { y: { field: "risk", type: "quantitative" } } },
        {
          mark: { type: "text", align: "left", dx: 4, dy: -6, color: "#d62728" },
          encoding: { y: { field: "risk", type: "quantitative" }, x: { datum: 0 }, text: { field: "label" } },
        },
      ],
    },
  ]);
}
