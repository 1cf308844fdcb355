// Export actions: metrics (CSV/JSON), charts (one slide as PNG/SVG), config JSON, fine-tuned models (.zip), share link.
import { zipSync } from 'fflate';
import { useStudio } from './store';
import { downloadBlob, downloadText } from './download';
import { metricsCsv, metricsJson } from './lib/exportMetrics';
import { SLIDE, slideSvg } from './lib/svgChart';
import { svgToPng } from './lib/svgToPng';
import { CHARTS, chartData } from './lib/chartDefs';
import { flushMetrics } from './metricsBuffer';
import { currentConfigInput, exportModelFiles } from './actions';
import { encodeConfigHash } from './engineInfo';
import { chartPoints, overlayArms } from './lib/overlay';
import { loadedHubProvenance } from './hub/hubProvenance';

const studioArms = () => useStudio.getState().config.arms.map((a) => ({ name: a.name, color: a.color ?? '#888888' }));
/** The run's arms, then the imported runs' visible arms (dashed): exports show what the charts show. */
const shownArms = () => [...studioArms(), ...overlayArms(useStudio.getState().overlays, studioArms()).filter((a) => !a.hidden).map(({ name, color, dashed }) => ({ name, color, dashed }))];
const armNames = () => shownArms().map((a) => a.name);
/** The Hub inputs' provenance on this run's own rows (not on the imported runs'). */
const pinned = () => ({ provenance: loadedHubProvenance(useStudio.getState()), arms: studioArms().map((a) => a.name) });
const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

export function exportMetricsCsv(): void {
  flushMetrics();
  downloadText(`metrics-${stamp()}.csv`, metricsCsv(chartPoints(useStudio.getState()), armNames(), pinned()), 'text/csv');
}

export function exportMetricsJson(): void {
  flushMetrics();
  downloadText(`metrics-${stamp()}.json`, metricsJson(chartPoints(useStudio.getState()), armNames(), pinned()), 'application/json');
}

export function exportConfig(): void {
  // Not config.json: that is a Hugging Face model's file, and both often sit in one folder.
  downloadText('preference-studio-config.json', JSON.stringify(currentConfigInput(), null, 2) + '\n', 'application/json');
}

// Axis labels of the slide's panels, by chart id.
const Y_LABELS: Record<string, string> = {
  delta: 'change in log-likelihood (nats)',
  margins: 'reward margin',
  accuracies: 'share of pairs',
  loss: 'loss',
  displaced: 'share of batch pairs',
  penalty: 'nats',
};

/** The charts of the current run (and the imported runs shown beside it) as one 1920×1080 slide. */
export function chartsSlideSvg(): string {
  flushMetrics();
  const s = useStudio.getState();
  const arms = shownArms();
  const panels = CHARTS.map((def) => {
    const d = chartData(def, chartPoints(s), arms);
    return {
      title: def.title,
      zeroBand: def.zeroBand,
      bandLabel: 'below the reference (less likely than before training)',
      yLabel: Y_LABELS[def.id],
      xLabel: 'training step',
      series: d.series.map((x) => ({ ...x, xs: d.xs })),
    };
  });
  const what = [s.dataReport?.name, s.modelSummary?.name].filter(Boolean).join(' on ');
  return slideSvg(panels, {
    title: `Preference Studio${what ? `: ${what}` : ''}, step ${s.step}`,
    key: 'Colour: arm · solid line: chosen answer · dashed line: rejected answer · pink band: below the reference (less likely than before training)',
  });
}

export function exportChartsSvg(): void {
  downloadText(`charts-${stamp()}.svg`, chartsSlideSvg(), 'image/svg+xml');
}

/** The same slide as a 1920×1080 PNG, drawn from the data (never from the page's canvases, which may be stale or cut). */
export async function exportChartsPng(): Promise<void> {
  downloadBlob(`charts-${stamp()}.png`, await svgToPng(chartsSlideSvg(), SLIDE.w, SLIDE.h));
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
