/**
 * One chart.js chart on a canvas. Only the pieces the dashboard draws are registered, so the bundle carries no
 * more of chart.js than it uses. Animation is off: figures appear at once, and a screenshot sees the final chart.
 * The canvas says `data-ready="true"` once chart.js has drawn it.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

export const COLORS = ["#1f73b7", "#038153", "#c72a1c", "#ad5918", "#6a27b8", "#2f3941"];

export function ChartCanvas({ config, height = 220, testId }: { config: ChartConfiguration; height?: number; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const chart = new Chart(el, {
      ...config,
      options: { ...config.options, animation: false, responsive: true, maintainAspectRatio: false },
      plugins: [{ id: "ready", afterRender: () => el.setAttribute("data-ready", "true") }],
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <div style={{ position: "relative", height }}>
      <canvas ref={canvas} data-testid={testId} role="img" />
    </div>
  );
}
