import { diffSpan, splitBySpan } from '../lib/diffSpan';

/** `a` with the span where it differs from `b` marked (text only, never HTML). */
export function DiffText({ a, b }: { a: string; b: string }) {
  const d = diffSpan(a, b);
  const [pre, mid, post] = splitBySpan(a, d.start, d.endA);
  return (
    <span className="diff">
      {pre}
      {mid && <mark>{mid}</mark>}
      {post}
    </span>
  );
}
