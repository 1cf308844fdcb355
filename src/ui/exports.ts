// Export actions: metrics (CSV/JSON), charts (PNG/SVG), config JSON, fine-tuned models (.zip) and the share link.
import { zipSync } from 'fflate';
import { useStudio } from './store';
import { downloadBlob, downloadText } from './download';
import { metricsCsv, metricsJson } from './lib/exportMetrics';
import { chartsSvg } from './lib/svgChart';
import { CHARTS, chartData } from './lib/chartDefs';
import { flushMetrics } from './metricsBuffer';
import { currentConfigInput, exportModelFiles } from './actions';
import { encodeConfigHash } from './engineInfo';
import { chartPoints, overlayArms } from './lib/overlay';

const studioArms = () => useStudio.getState().config.arms.map((a) => ({ name: a.name, color: a.color ?? '#888888' }));
/** The run's arms, then the imported runs' visible arms (dashed): exports show what the charts show. */
const shownArms = () => [...studioArms(), ...overlayArms(useStudio.getState().overlays, studioArms()).filter((a) => !a.hidden).map(({ name, color, dashed }) => ({ name, color, dashed }))];
const armNames = () => shownArms().map((a) => a.name);
const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

export function exportMetricsCsv(): void {
  flushMetrics();
  downloadText(`metrics-${stamp()}.csv`, metricsCsv(chartPoints(useStudio.getState()), armNames()), 'text/csv');
}

export function exportMetricsJson(): void {
  flushMetrics();
  downloadText(`metrics-${stamp()}.json`, metricsJson(chartPoints(useStudio.getState()), armNames()), 'application/json');
}

export function exportConfig(): void {
  // Not config.json: that is a Hugging Face model's file, and both often sit in one folder.
  downloadText('preference-studio-config.json', JSON.stringify(currentConfigInput(), null, 2) + '\n', 'application/json');
}

export function exportChartsSvg(): void {
  flushMetrics();
  const s = useStudio.getState();
  const arms = shownArms();
  const panels = CHARTS.map((def) => {
    const d = chartData(def, chartPoints(s), arms);
    return { title: def.title, zeroBand: def.zeroBand, series: d.series.map((x) => ({ ...x, xs: d.xs })) };
  });
  downloadText(`charts-${stamp()}.svg`, chartsSvg(panels), 'image/svg+xml');
}

/** Stacks the uPlot canvases (2 columns) onto one white PNG. */
export function exportChartsPng(): void {
  const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.chart canvas')];
  if (canvases.length === 0) return;
  const w = Math.max(...canvases.map((c) => c.width));
  const h = Math.max(...canvases.map((c) => c.height));
  const out = document.createElement('canvas');
  out.width = w * 2;
  out.height = h * Math.ceil(canvases.length / 2);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  canvases.forEach((c, i) => ctx.drawImage(c, (i % 2) * w, Math.floor(i / 2) * h));
  out.toBlob((b) => b && downloadBlob(`charts-${stamp()}.png`, b), 'image/png');
}

/** model-ARM / adapter-ARM / model-ARM-merged: the zip's name and its one folder's. */
export function modelZipName(arm: string, lora: boolean, merged: boolean): string {
  return `${lora && !merged ? 'adapter' : 'model'}-${arm.replace(/[^A-Za-z0-9._-]+/g, '_')}${merged ? '-merged' : ''}`;
}

/** The arm's fine-tuned weights as a Hugging Face folder inside a .zip (a LoRA arm: its PEFT adapter, or merged). */
export async function exportModelZip(arm: string, merged = false): Promise<void> {
  const files = await exportModelFiles(arm, merged);
  const lora = useStudio.getState().config.arms.find((a) => a.name === arm)?.adapter?.type === 'lora';
  const folder = modelZipName(arm, lora, merged);
  const entries = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${folder}/${name}`, bytes]));
  const zip = zipSync(entries, { level: 6 });
  downloadBlob(`${folder}.zip`, new Blob([zip as BlobPart], { type: 'application/zip' }));
}

/** Puts the config into location.hash and returns the full URL. */
export function shareUrl(): string {
  const hash = encodeConfigHash(currentConfigInput());
  history.replaceState(null, '', `#${hash}`);
  return location.href;
}
