/**
 * Automatic model choice per series by a cheap rolling-origin backtest: each candidate's
 * parameters are estimated once, at the earliest origin, and then rolled forward over the later
 * origins without re-estimation; the candidate with the lowest MASE is used as fitted on the full
 * history. The ETS form is chosen by AICc on the full history; origins re-estimate its parameters.
 * Intermittent series choose within the Croston family; others among the combination of ETS and
 * theta, ETS (AICc) alone, theta alone and seasonal naive, plus the combination with the long
 * seasons removed when there are any. The combinations weight their members by the members' own
 * errors at the same origins (see combinationWeights).
 */
import type {EtsModel} from './ets.js'
import {etsMethod, MAX_ETS_PERIOD, type EtsFittedMethod, type EtsMethodOptions} from './ets-method.js'
import {calibrateIntervals} from './calibration.js'
import {intermittentMethod, isIntermittent, obsoleteMethod, type IntermittentFitted} from './intermittent.js'
import {naiveScale} from './metrics.js'
import {comboMethod, combinationWeights, isCombined, type CombinedMethod} from './combination.js'
import {fitWindowFor, type FittedMethod, type MethodForecast} from './model.js'
import {longSeasonMethod, longSeasonsFor, removeLongSeasons, type LongSeason} from './mstl.js'
import {naiveMethod, naivePredict} from './naive.js'
import {planOrigins, type OriginPlan} from './origins.js'
import {seasonalAdjustmentFor, thetaMethod, type SeasonalAdjustment} from './theta.js'

export const SELECTION_ORIGINS = 3
/**
 * How much lower another candidate's backtest MASE must be to replace the ETS-theta combination:
 * a factor 1 + COMBINATION_PREFERENCE. Combinations of ETS and theta are among the most accurate
 * simple methods on the M3 and M4 data, while a choice by three origins' error is noisy;
 * preferring the combination unless clearly beaten gave lower MASE on both than choosing the
 * plain minimum. A design constant chosen on the benchmarks: with equal weights 0.2 was used;
 * once the weights follow the members' backtest errors (see combinationWeights) ETS or theta
 * alone never beat the combination, and only replacing it when another candidate halves its
 * error (1) was better than 0.2 and 0.5 on M3 monthly (MASE 0.837 against 0.844 and 0.838, sMAPE
 * 13.65 against 13.71 and 13.67); M4 weekly (2.013 against 2.012 and 2.013) and daily retail
 * (0.790) did not move.
 */
export const COMBINATION_PREFERENCE = 1

type Candidate = 'ets' | 'theta' | 'combo' | 'mstl' | 'snaive' | 'sba' | 'tsb' | 'croston' | 'obsolete'

/** The combination's members. */
const COMBINATION_MEMBERS: Candidate[] = ['ets', 'theta']

interface Fits {
  cache: Map<string, FittedMethod>
  /** The ETS model chosen on the full history, whose form the backtest origins reuse. */
  etsLike?: EtsModel | null
  /** Seasonal analysis of the same prefix, shared by ETS and theta (it is O(n·m)). */
  seasonal?: SeasonalAdjustment | null
  /** The mstl candidate's ETS model on the full history, whose form the origins reuse. */
  mstlEtsLike?: EtsModel | null
}

/**
 * The short season a long season's positions mix: m, unless it divides the long one (a daily
 * year's positions see every weekday; an hourly week's positions are each one hour of one day).
 */
export function mixedShortSeason(m: number, period: number): number {
  return m > 1 && Math.round(period) % m !== 0 ? m : 1
}

/** Long seasons of y[0..n) (see mstl.ts), estimated once the history covers MIN_LONG_CYCLES of them. */
export function longSeasonsOf(y: Float64Array, n: number, m: number, long: readonly number[]): LongSeason[] {
  return longSeasonsFor(y, n, long, (p) => mixedShortSeason(m, p))
}

/**
 * The ETS-theta combination fitted to y[0..n) with the long seasons removed. `like` keeps the
 * ETS form of an earlier fit (see etsMethod).
 */
export function mstlMethod(y: Float64Array, n: number, m: number, seasons: readonly LongSeason[], ets: EtsMethodOptions, like?: EtsModel | null): CombinedMethod & {etsModel: EtsModel | null} {
  const adjusted = removeLongSeasons(y, y.length, seasons)
  const e = etsMethod(adjusted, n, m, ets, like)
  const inner = [e, thetaMethod(adjusted, n, m, fitWindowFor(m))]
  const weighted = (w?: readonly number[]) => longSeasonMethod(y, seasons, adjusted, comboMethod(inner, w))
  // The long seasons are added back to each member's forecast alike, so the combination of the
  // members below equals the combination above: the backtest scores them one by one and weights
  // them as the plain combination's (on M4 weekly MASE 2.013 against 2.034 with equal weights).
  return {
    ...weighted(),
    members: inner.map((f) => longSeasonMethod(y, seasons, adjusted, f)),
    withWeights: weighted,
    etsModel: e.model,
  }
}

function seasonalFor(y: Float64Array, n: number, m: number, fits: Fits): SeasonalAdjustment | null {
  if (fits.seasonal === undefined) fits.seasonal = seasonalAdjustmentFor(y, n, m)
  return fits.seasonal
}

function mstlFromSeasons(y: Float64Array, n: number, m: number, seasons: readonly LongSeason[], ets: EtsMethodOptions, fits: Fits): FittedMethod {
  const fitted = mstlMethod(y, n, m, seasons, ets, fits.mstlEtsLike)
  if (fits.mstlEtsLike === undefined) fits.mstlEtsLike = fitted.etsModel
  return fitted
}

function build(c: Candidate, y: Float64Array, n: number, m: number, ets: EtsMethodOptions, fits: Fits, long: readonly number[] = []): FittedMethod {
  const hit = fits.cache.get(c)
  if (hit !== undefined) return hit
  let f: FittedMethod
  switch (c) {
    case 'ets':
      f = etsMethod(y, n, m, ets, fits.etsLike, m > MAX_ETS_PERIOD ? seasonalFor(y, n, m, fits) : undefined)
      break
    case 'theta':
      f = thetaMethod(y, n, m, fitWindowFor(m), seasonalFor(y, n, m, fits))
      break
    case 'combo':
      f = comboMethod(COMBINATION_MEMBERS.map((c) => build(c, y, n, m, ets, fits, long)))
      break
    case 'mstl':
      f = mstlFromSeasons(y, n, m, longSeasonsOf(y, n, m, long), ets, fits)
      break
    case 'snaive':
      f = naiveMethod(m)
      break
    case 'obsolete':
      f = obsoleteMethod(build('tsb', y, n, m, ets, fits))
      break
    case 'croston':
    case 'sba': {
      // Both smooth sizes and intervals the same way: one estimate serves both.
      const other = fits.cache.get(c === 'sba' ? 'croston' : 'sba') as IntermittentFitted | undefined
      f = intermittentMethod(c, y, n, other?.params)
      break
    }
    default:
      f = intermittentMethod(c, y, n)
  }
  fits.cache.set(c, f)
  return f
}

/** Sum of |y[o+k] − forecast[k]| / scale over k < h; Infinity when not finite. */
function scaledError(y: Float64Array, o: number, forecast: Float64Array, h: number, scale: number): number {
  let s = 0
  for (let k = 0; k < h; k++) s += Math.abs(y[o + k] - forecast[k])
  return Number.isFinite(s) ? s / scale : Infinity
}

/**
 * Each candidate's backtest error (scaled absolute errors summed over the origins), each fitted at
 * the first origin and rolled forward. A combination's weights come from its members' errors over
 * all origins (see combinationWeights), and it is scored with those weights: its members'
 * forecasts are kept to score it afterwards. Weights are returned by candidate index.
 */
function scoreCandidates(fitted: readonly FittedMethod[], y: Float64Array, m: number, plan: OriginPlan): {scores: Float64Array; weights: Map<number, number[]>} {
  const scores = new Float64Array(fitted.length)
  const weights = new Map<number, number[]>()
  const memberErrors = fitted.map((f) => (isCombined(f) ? new Float64Array(f.members.length) : null))
  const memberForecasts = fitted.map((f) => (isCombined(f) ? f.members.map((): Float64Array[] => []) : null))
  const scales: number[] = []
  for (const o of plan.origins) {
    const scale = naiveScale(y, o, m) ?? 1
    scales.push(scale)
    // Members that are candidates too (ETS and theta) are forecast once.
    const seen = new Map<FittedMethod, Float64Array>()
    const meanOf = (f: FittedMethod): Float64Array => {
      let mean = seen.get(f)
      if (mean === undefined) seen.set(f, (mean = f.predict(y, o, plan.h, []).mean))
      return mean
    }
    fitted.forEach((f, c) => {
      if (!isCombined(f)) {
        scores[c] += scaledError(y, o, meanOf(f), plan.h, scale)
        return
      }
      f.members.forEach((member, i) => {
        const mean = meanOf(member)
        memberForecasts[c]![i].push(mean)
        memberErrors[c]![i] += scaledError(y, o, mean, plan.h, scale)
      })
    })
  }
  fitted.forEach((f, c) => {
    if (!isCombined(f)) return
    const w = combinationWeights(memberErrors[c]!)
    weights.set(c, w)
    const mean = new Float64Array(plan.h)
    plan.origins.forEach((o, j) => {
      mean.fill(0)
      w.forEach((wi, i) => {
        if (!(wi > 0)) return
        const fc = memberForecasts[c]![i][j]
        for (let k = 0; k < plan.h; k++) mean[k] += wi * fc[k]
      })
      scores[c] += scaledError(y, o, mean, plan.h, scales[j])
    })
  })
  return {scores, weights}
}

/** A long season is a candidate once the history covers this many of its cycles. */
export const MSTL_MIN_CYCLES = 2

/** The long seasons a history of n observations covers MSTL_MIN_CYCLES times. */
export function usableLongSeasons(n: number, long: readonly number[]): number[] {
  return long.filter((p) => n >= MSTL_MIN_CYCLES * Math.round(p))
}

export function autoForecast(y: Float64Array, n: number, m: number, h: number, levels: readonly number[], ets: EtsMethodOptions, long: readonly number[] = []): MethodForecast {
  if (n < 4) return naivePredict(y, n, h, 1, levels)
  const intermittent = isIntermittent(y, n)
  const usable = intermittent ? [] : usableLongSeasons(n, long)
  const full: Fits = {cache: new Map()}
  // The two-season candidate only where the full history shows a long season.
  const seasons = usable.length > 0 ? longSeasonsOf(y, n, m, usable) : []
  if (seasons.length > 0) full.cache.set('mstl', mstlFromSeasons(y, n, m, seasons, ets, full))
  const candidates: Candidate[] = intermittent ? ['sba', 'tsb', 'croston', 'obsolete'] : seasons.length > 0 ? ['mstl', 'combo', 'ets', 'theta', 'snaive'] : ['combo', 'ets', 'theta', 'snaive']
  const plan = planOrigins(n, Math.max(1, h), m, SELECTION_ORIGINS)
  let winner: Candidate = intermittent ? 'sba' : 'combo'
  const train: Fits = {cache: new Map()}
  const weights = new Map<Candidate, number[]>()
  if (plan.origins.length > 0) {
    if (!intermittent) train.etsLike = (build('ets', y, n, m, ets, full) as EtsFittedMethod).model
    if (candidates[0] === 'mstl') train.mstlEtsLike = full.mstlEtsLike
    const o0 = plan.origins[0]
    const {scores, weights: w} = scoreCandidates(candidates.map((c) => build(c, y, o0, m, ets, train, usable)), y, m, plan)
    w.forEach((v, c) => weights.set(candidates[c], v))
    let best = 0
    for (let c = 1; c < candidates.length; c++) if (scores[c] < scores[best]) best = c
    // A few origins make a noisy score: the combination (candidate 0 when not intermittent, with
    // the long seasons removed when there are any) is kept unless another candidate beats it clearly.
    if (!intermittent && scores[0] <= scores[best] * (1 + COMBINATION_PREFERENCE)) best = 0
    winner = candidates[best]
  }
  const weighted = (f: FittedMethod | undefined): FittedMethod | undefined => {
    const w = weights.get(winner)
    return w !== undefined && f !== undefined && isCombined(f) ? f.withWeights(w) : f
  }
  const final = weighted(build(winner, y, n, m, ets, full, usable))!.predict(y, n, h, levels)
  // Croston-family intervals are quantiles of the series' own demand ratios, not normal: left alone.
  return calibrateIntervals(final, levels, intermittent ? undefined : weighted(train.cache.get(winner)), y, plan.origins, plan.h)
}
