// Worker events → store: status, progress, metrics (frame-buffered), evals, verdicts and notices.
import type { WorkerEvent } from '../worker/protocol';
import { useStudio } from './store';
import { bufferMetrics, dropPendingMetrics, flushMetrics } from './metricsBuffer';

export function handleEvent(ev: WorkerEvent): void {
  const s = useStudio.getState();
  switch (ev.type) {
    case 'status':
      s.setStatus(ev.status, ev.step, ev.totalSteps, ev.message);
      // A phase's last progress event may never come; any status but 'preparing' ends the phase display.
      if (ev.status !== 'preparing') s.setProgress(null);
      if (ev.status === 'faulted' && ev.message) s.notify('error', `Run faulted: ${ev.message}`);
      break;
    case 'progress':
      s.setProgress(ev.done >= ev.total ? null : { phase: ev.phase, done: ev.done, total: ev.total, message: ev.message });
      break;
    case 'metrics':
      bufferMetrics(ev.points);
      break;
    case 'eval':
      s.setEval(ev.result);
      s.addLabEval(ev.result);
      break;
    case 'verdict':
      s.setVerdict(ev.arm, ev.verdict);
      break;
    case 'memory':
      s.setMeasuredPeak(ev.stats.peak);
      break;
    case 'notice':
      s.notify(ev.kind, ev.text);
      break;
    case 'armStopped':
      s.notify('warn', `Arm ${ev.arm} stopped at step ${ev.step}: ${ev.reason}`);
      break;
    case 'deviceFault':
      // The run resumes from the restored step, so points logged after it would be repeated.
      if (ev.restoredStep !== undefined) {
        flushMetrics();
        dropPendingMetrics();
        s.trimPoints(ev.restoredStep);
      }
      s.notify(
        'error',
        `GPU device lost: ${ev.reason}.${ev.restoredStep !== undefined ? ` Restored from step ${ev.restoredStep}` : ''}${ev.backend ? ` on ${ev.backend.backend}.` : ''}`,
      );
      if (ev.backend) s.setBackendInfo(ev.backend);
      break;
    case 'hub':
      if (ev.progress) s.hubProgress(ev.kind, ev.progress);
      if (ev.failed) s.hubFailed(ev.kind, ev.failed);
      break;
    default:
      break;
  }
}
