"use client";
// The form that designs an author's experiment (and revises one): variants of the registry's model
// family, seeds, and a rule from the templates, each field checked with the same schema the server
// uses (experiments/custom/design.ts). Submitting pre-registers it: the design is frozen at once.
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { BOUNDS, METRIC_INFO, METRICS, SCHEDULE_LABELS, SCHEDULES, VARIANT_IDS, designSchema, designSeconds, variantMacs, type CustomDesign, type VariantDesign } from "@/experiments/custom/design.ts";
import { ruleText } from "@/experiments/custom/definition.ts";
import { duration, int } from "@/lib/why/format.ts";
import { send } from "../decks/[deckId]/edit/send.ts";

const A = (i: number) => VARIANT_IDS[i]!.toUpperCase();

export const STARTER_DESIGN: CustomDesign = {
  claim: "",
  variants: [
    { label: "lr 0.01", channels: [8, 16, 32, 64], firstKernel: 5, batchNorm: false, lr: 0.01, schedule: "one-cycle", bs: 64, steps: 120 },
    { label: "lr 0.001", channels: [8, 16, 32, 64], firstKernel: 5, batchNorm: false, lr: 0.001, schedule: "one-cycle", bs: 64, steps: 120 },
  ],
  firstSeed: 1,
  seedCount: 3,
  rule: { template: "beats", a: "a", b: "b", metric: "validAcc", margin: 1 },
};

type Props =
  | { mode: "create"; initial: CustomDesign }
  | { mode: "revise"; initial: CustomDesign; experimentId: string; nextVersion: number };

function NumberField({ label, value, onChange, step, min, max, testId }: { label: string; value: number; onChange: (v: number) => void; step?: number | "any"; min?: number; max?: number; testId?: string }) {
  return (
    <label className="xp-field">
      <span>{label}</span>
      <input type="number" inputMode="decimal" value={Number.isFinite(value) ? value : ""} step={step ?? 1} min={min} max={max} onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))} data-testid={testId} />
    </label>
  );
}

export function DesignForm(props: Props) {
  const router = useRouter();
  const [d, setD] = useState<CustomDesign>(props.initial);
  const [change, setChange] = useState("");
  const [because, setBecause] = useState("");
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [tried, setTried] = useState(false);

  const parsed = useMemo(() => designSchema.safeParse(d), [d]);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const seconds = useMemo(() => {
    try {
      return designSeconds(d);
    } catch {
      return Number.NaN;
    }
  }, [d]);

  const setVariant = (i: number, patch: Partial<VariantDesign>) => setD({ ...d, variants: d.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  const addVariant = () => d.variants.length < BOUNDS.variants.max && setD({ ...d, variants: [...d.variants, { ...d.variants[d.variants.length - 1]!, label: `variant ${A(d.variants.length)}` }] });
  const removeVariant = (i: number) => {
    const variants = d.variants.filter((_, j) => j !== i);
    const ids = VARIANT_IDS.slice(0, variants.length) as readonly string[];
    const r = d.rule;
    const rule = r.template === "trend" ? r : { ...r, a: ids.includes(r.a) ? r.a : "a", b: ids.includes(r.b) && r.b !== "a" ? r.b : "b" };
    setD({ ...d, variants, rule: rule as CustomDesign["rule"] });
  };
  const setRule = (patch: Record<string, unknown>) => {
    const next = { ...d.rule, ...patch } as Record<string, unknown>;
    if (next.template === "trend") {
      delete next.a;
      delete next.b;
    } else {
      next.a ??= "a";
      next.b ??= "b";
    }
    setD({ ...d, rule: next as CustomDesign["rule"] });
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTried(true);
    setServerError(null);
    if (!parsed.success) return;
    setPending(true);
    const res =
      props.mode === "create"
        ? await send<{ id: string }>("/api/experiments", "POST", parsed.data)
        : await send<{ version: number }>(`/api/experiments/${props.experimentId}/versions`, "POST", { design: parsed.data, change, because });
    setPending(false);
    if (!res.ok) {
      setServerError(res.error);
      return;
    }
    router.push(`/experiments/${props.mode === "create" ? (res.data as { id: string }).id : props.experimentId}`);
    router.refresh();
  }

  const ids = VARIANT_IDS.slice(0, d.variants.length);
  const r = d.rule;
  const marginUnit = r.template === "trend" ? "Spearman's ρ" : METRIC_INFO[r.metric].unit;
  return (
    <form className="form xp-form" onSubmit={submit} noValidate data-testid="design-form">
      <label>
        Claim <span className="hint">(one sentence the runs will test)</span>
        <textarea className="textarea" rows={2} maxLength={BOUNDS.claim.max} value={d.claim} onChange={(e) => setD({ ...d, claim: e.target.value })} name="claim" />
      </label>

      <fieldset className="xp-variants">
        <legend>Variants (the book&apos;s simple_cnn on 8,000 MNIST digits)</legend>
        {d.variants.map((v, i) => (
          <div key={i} className="xp-variant panel" data-testid={`variant-${VARIANT_IDS[i]}`}>
            <div className="xp-variant-head">
              <strong>{A(i)}</strong>
              <input aria-label={`Name of variant ${A(i)}`} value={v.label} maxLength={BOUNDS.label.max} onChange={(e) => setVariant(i, { label: e.target.value })} />
              {d.variants.length > BOUNDS.variants.min && (
                <button type="button" className="link-button small" onClick={() => removeVariant(i)}>
                  Remove
                </button>
              )}
            </div>
            <div className="xp-grid">
              {v.channels.map((c, k) => (
                <NumberField key={k} label={`Conv ${k + 1} channels`} value={c} min={BOUNDS.channels.min} max={BOUNDS.channels.max} onChange={(x) => setVariant(i, { channels: v.channels.map((y, j) => (j === k ? x : y)) })} />
              ))}
              <label className="xp-field">
                <span>First kernel</span>
                <select value={v.firstKernel} onChange={(e) => setVariant(i, { firstKernel: Number(e.target.value) as 3 | 5 })}>
                  <option value={3}>3×3</option>
                  <option value={5}>5×5</option>
                </select>
              </label>
              <label className="xp-field xp-check">
                <input type="checkbox" checked={v.batchNorm} onChange={(e) => setVariant(i, { batchNorm: e.target.checked })} />
                <span>Batch norm</span>
              </label>
              <NumberField label="Learning rate" value={v.lr} step="any" min={BOUNDS.lr.min} max={BOUNDS.lr.max} onChange={(x) => setVariant(i, { lr: x })} testId={`lr-${VARIANT_IDS[i]}`} />
              <label className="xp-field">
                <span>Schedule</span>
                <select value={v.schedule} onChange={(e) => setVariant(i, { schedule: e.target.value as VariantDesign["schedule"] })}>
                  {SCHEDULES.map((s) => (
                    <option key={s} value={s}>
                      {SCHEDULE_LABELS[s]}
                    </option>
                  ))}
                </select>
              </label>
              <NumberField label="Batch size" value={v.bs} min={BOUNDS.bs.min} max={BOUNDS.bs.max} onChange={(x) => setVariant(i, { bs: x })} />
              <NumberField label="Steps" value={v.steps} min={BOUNDS.steps.min} max={BOUNDS.steps.max} onChange={(x) => setVariant(i, { steps: x })} testId={`steps-${VARIANT_IDS[i]}`} />
            </div>
            <p className="small muted">{Number.isFinite(variantMacs(v)) ? `${int(variantMacs(v))} multiply–accumulates per image` : ""}</p>
          </div>
        ))}
        {d.variants.length < BOUNDS.variants.max && (
          <button type="button" className="button button-secondary button-small" onClick={addVariant}>
            Add a variant
          </button>
        )}
      </fieldset>

      <fieldset className="xp-grid">
        <legend>Seeds</legend>
        <NumberField label="First seed" value={d.firstSeed} min={BOUNDS.firstSeed.min} max={BOUNDS.firstSeed.max} onChange={(x) => setD({ ...d, firstSeed: x })} testId="first-seed" />
        <NumberField label="Number of seeds" value={d.seedCount} min={BOUNDS.seedCount.min} max={BOUNDS.seedCount.max} onChange={(x) => setD({ ...d, seedCount: x })} testId="seed-count" />
      </fieldset>

      <fieldset className="xp-grid">
        <legend>Decision rule</legend>
        <label className="xp-field">
          <span>Template</span>
          <select value={r.template} onChange={(e) => setRule({ template: e.target.value, margin: e.target.value === "trend" ? 0.2 : r.margin })} data-testid="rule-template">
            <option value="beats">A beats B</option>
            <option value="within">A within a margin of B</option>
            <option value="trend">A trend along the variants</option>
          </select>
        </label>
        {r.template !== "trend" &&
          (["a", "b"] as const).map((k) => (
            <label key={k} className="xp-field">
              <span>{k === "a" ? "Variant A" : "Variant B"}</span>
              <select value={r[k]} onChange={(e) => setRule({ [k]: e.target.value })}>
                {ids.map((id, i) => (
                  <option key={id} value={id}>
                    {A(i)}: {d.variants[i]!.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        <label className="xp-field">
          <span>Measured on</span>
          <select value={r.metric} onChange={(e) => setRule({ metric: e.target.value })}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                final {METRIC_INFO[m].label}
              </option>
            ))}
          </select>
        </label>
        <NumberField label={`Margin (${marginUnit})`} value={r.margin} step="any" onChange={(x) => setRule({ margin: x })} testId="margin" />
      </fieldset>

      {props.mode === "revise" && (
        <fieldset className="xp-grid">
          <legend>Why a new version</legend>
          <label className="xp-field xp-wide">
            <span>What changed</span>
            <input value={change} onChange={(e) => setChange(e.target.value)} maxLength={500} name="change" />
          </label>
          <label className="xp-field xp-wide">
            <span>Because</span>
            <input value={because} onChange={(e) => setBecause(e.target.value)} maxLength={500} name="because" />
          </label>
        </fieldset>
      )}

      <section className="xp-summary panel" aria-live="polite" data-testid="design-summary">
        <h2>What will be pre-registered</h2>
        {parsed.success ? (
          <>
            <p>{ruleText(parsed.data)}</p>
            <p className="small muted">
              {d.variants.length * d.seedCount} runs · about {duration(seconds * 1000)} on a 2-core laptop without a GPU (less with WebGL).
            </p>
          </>
        ) : (
          <ul className="xp-problems" data-testid="design-problems">
            {problems.map((p) => (
              <li key={p.path + p.message}>{p.message}</li>
            ))}
          </ul>
        )}
      </section>

      {serverError && (
        <p role="alert" className="form-error" data-testid="design-error">
          {serverError}
        </p>
      )}
      {tried && !parsed.success && (
        <p role="alert" className="form-error">
          Fix the problems listed above first.
        </p>
      )}
      <p className="small muted">
        Pre-registering freezes this design: its hash is stored before any run, and any later change is a new version judged on fresh seeds, with the
        reason shown to learners.
      </p>
      <button type="submit" className="button" disabled={pending} data-testid="preregister">
        {pending ? "Freezing…" : props.mode === "create" ? "Pre-register version 1" : `Pre-register version ${props.nextVersion}`}
      </button>
    </form>
  );
}
