// Which arms carry DPOP's penalty (their dpop/* metrics): the single `loss: 'dpop'` or any `losses` term of type dpop.

export function hasDpopPenalty(a: { loss?: unknown; losses?: readonly { type?: unknown }[] }): boolean {
  return a.loss === 'dpop' || (a.losses ?? []).some((t) => t.type === 'dpop');
}
