import { describe, expect, it } from 'vitest';
import { headlineSentence, tokenSentence } from './explainRun';

describe('headlineSentence', () => {
  it('calls a chosen line below -0.5 nats the failure when the gap still grew', () => {
    expect(headlineSentence({ arm: 'DPO', step: 80, chosen: -2.314, rejected: -9.8 })).toBe(
      "At step 80, DPO's solid line (chosen answers) is at -2.31 nats, in the shaded band: they are less likely than before training; its dashed line (rejected) is at -9.80 nats. The gap grew because the rejected answers fell faster: the failure this studio is about.",
    );
  });
  it('says a chosen line near 0 held, whatever the rejected line did', () => {
    const s = headlineSentence({ arm: 'DPOP', step: 80, chosen: 0.0042, rejected: -3 });
    expect(s).toContain('is at +0.0042 nats: they are about as likely as before training (within ±0.5 nats)');
    expect(s).toContain('The gap grew without the chosen answers losing likelihood.');
    expect(headlineSentence({ arm: 'RPO', step: 5, chosen: 0.9, rejected: null })).toBe(
      "At step 5, RPO's solid line (chosen answers) is at +0.90 nats: they are more likely than before training.",
    );
  });
});

describe('tokenSentence', () => {
  it('gives the solid line\'s range and how far the dashed line goes, with offsets', () => {
    const xs = [-2, -1, 0, 1, 2];
    const lines = [
      { arm: 'DPO', side: 'chosen' as const, xs, ys: [-0.1, -0.2, -0.45, 0.05, null] },
      { arm: 'DPO', side: 'rejected' as const, xs, ys: [-0.1, -0.2, -10.2, -3, -1] },
    ];
    expect(tokenSentence('DPO', lines, 80)).toBe("At step 80, DPO's solid line stays between -0.45 and +0.05 nats a token (lowest at offset 0), its dashed line reaches -10.20 (offset 0).");
    expect(tokenSentence('DPOP', lines, 80)).toBeNull();
  });
});
