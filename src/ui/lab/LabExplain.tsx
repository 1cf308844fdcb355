/** The Explain panel's part about the likelihood-displacement lab, in plain words with its two sources. */
export function LabExplain() {
  return (
    <>
      <p>
        <strong>Where in the answer:</strong> the <em>aligned per-token chart</em> puts every evaluation pair's tokens on one axis, counted from
        the first token where chosen and rejected differ (0; −1 is the token before it, +1 the one after). Each line is the mean change in
        log-probability from the reference, solid for chosen and dashed for rejected; the slider picks the evaluation step. Pal et al. 2024
        (Smaug, arXiv 2402.13228) trace DPO's failure to the tokens from that point on; "This run" above says what this run's lines do.
      </p>
      <p>
        <strong>Which pairs:</strong> Razin et al. 2024 (Unintentional Unalignment: Likelihood Displacement in DPO, arXiv 2410.08847) predict
        it per pair with <em>CHES</em>, computed once from the reference model's last hidden states: with S± the sum of the hidden states over
        the chosen / rejected answer, CHES = ⟨S+, S−⟩ − ‖S+‖² (normalised: divided by the lengths). High CHES means the two answers look
        alike to the model, so pushing the rejected one down drags the chosen one with it. The scatters plot each pair's change in chosen
        log-likelihood against CHES, normalised CHES or edit distance, with the rank correlation ρ in the corner; a negative ρ means
        higher-CHES pairs lose more. Click a dot to open that pair.
      </p>
      <p>
        <strong>Acting on it:</strong> the Data panel's filters keep the lowest (or highest) fraction of pairs by normalised CHES, or an edit
        distance band, so you can rerun on the low-risk pairs as Razin et al. do. The charts <em>displaced/fraction</em> (share of the batch
        whose chosen log-prob is below the reference) and, for DPOP, <em>dpop/penalty_active</em> and <em>dpop/penalty</em> (the mean
        max(0, ref − policy) in nats) follow it over time.
      </p>
    </>
  );
}
