/**
 * Automatic model choice per series by a cheap rolling-origin backtest: each candidate's
 * parameters are estimated once, at the earliest origin, and then rolled forward over the later
 * origins without re-estimation; the candidate with the lowest MASE is used as fitted on the full
 * history. The ETS form is chosen by AICc on the full history; origins re-estimate its parameters.
 * Intermittent series choose within the Croston family; others among the average of ETS and
 * theta, ETS (AICc) alone, theta alone and seasonal naive.
 */
import type {EtsModel} from './ets.js'
import {etsMethod, MAX_ETS_PERIOD, type EtsFittedMethod, type EtsMethodOptions} from './ets-method.js'
import {calibrateIntervals} from './calibration.js'
import {intermittentMethod, isIntermittent, obsoleteMethod, type IntermittentFitted} from './intermittent.js'
import {naiveScale} from './metrics.js'
import {mixtureBounds} from './mixture.js'
import {fitWindowFor, type FittedMethod, type MethodForecast} from './model.js'
import {longSeasonMethod, longSeasonsFor, removeLongSeasons, type LongSeason} from './mstl.js'
import {naiveMethod, naivePredict} from './naive.js'
import {planOrigins} from './origins.js'
import {seasonalAdjustmentFor, thetaMethod, type SeasonalAdjustment} from './theta.js'

export const SELECTION_ORIGINS = 3
/**
 * How much lower another candidate's backtest MASE must be to replace the ETS-theta combination.
 * Combinations of ETS and theta are among the most accurate simple methods on the M3 and M4
 * data, while a choice by three origins' error is noisy; preferring the combination unless
 * clearly beaten gave lower MASE on both than choosing the plain minimum.
 */
export const COMBINATION_PREFERENCE = 0.2

type Candidate = 'ets' | 'theta' | 'combo' | 'mstl' | 'snaive' | 'sba' | 'tsb' | 'croston' | 'obsolete'

function average(a: MethodForecast, b: MethodForecast, levels: readonly number[]): MethodForecast {
  const h = a.mean.length
  const mean = new Float64Array(h)
  for (let k = 0; k < h; k++) mean[k] = (a.mean[k] + b.mean[k]) / 2
  // The mixture of the two predictive distributions, which widens where the two disagree.
  const bounds = mixtureBounds(a, b, levels)
  return {label: `combo(${a.label},${b.label})`, mean, bounds}
}

function comboMethod(a: FittedMethod, b: FittedMethod): FittedMethod {
  return {
    label: `combo(${a.label},${b.label})`,
    predict: (y, n, h, levels) => average(a.predict(y, n, h, levels), b.predict(y, n, h, levels), levels),
  }
}

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
export function mstlMethod(y: Float64Array, n: number, m: number, seasons: readonly LongSeason[], ets: EtsMethodOptions, like?: EtsModel | null): FittedMethod & {etsModel: EtsModel | null} {
  const adjusted = removeLongSeasons(y, y.length, seasons)
  const e = etsMethod(adjusted, n, m, ets, like)
  const inner = comboMethod(e, thetaMethod(adjusted, n, m, fitWindowFor(m)))
  return {...longSeasonMethod(y, seasons, adjusted, inner), etsModel: e.model}
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
      f = comboMethod(build('ets', y, n, m, ets, fits), build('theta', y, n, m, ets, fits))
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

/** A long season is a candidate once the history covers this many of its cycles. */
export const MSTL_MIN_CYCLES = 2

export function autoForecast(y: Float64Array, n: number, m: number, h: number, levels: readonly number[], ets: EtsMethodOptions, long: readonly number[] = []): MethodForecast {
  if (n < 4) return naivePredict(y, n, h, 1, levels)
  const intermittent = isIntermittent(y, n)
  const usable = intermittent ? [] : long.filter((p) => n >= MSTL_MIN_CYCLES * Math.round(p))
  const full: Fits = {cache: new Map()}
  // The two-season candidate only where the full history shows a long season.
  const seasons = usable.length > 0 ? longSeasonsOf(y, n, m, usable) : []
  if (seasons.length > 0) full.cache.set('mstl', mstlFromSeasons(y, n, m, seasons, ets, full))
  const candidates: Candidate[] = intermittent ? ['sba', 'tsb', 'croston', 'obsolete'] : seasons.length > 0 ? ['mstl', 'combo', 'ets', 'theta', 'snaive'] : ['combo', 'ets', 'theta', 'snaive']
  const plan = planOrigins(n, Math.max(1, h), m, SELECTION_ORIGINS)
  let winner: Candidate = intermittent ? 'sba' : 'combo'
  const train: Fits = {cache: new Map()}
  if (plan.origins.length > 0) {
    if (!intermittent) train.etsLike = (build('ets', y, n, m, ets, full) as EtsFittedMethod).model
    if (candidates[0] === 'mstl') train.mstlEtsLike = full.mstlEtsLike
    const o0 = plan.origins[0]
    const scores = new Float64Array(candidates.length)
    for (const o of plan.origins) {
      const scale = naiveScale(y, o, m) ?? 1
      for (let c = 0; c < candidates.length; c++) {
        const fc = build(candidates[c], y, o0, m, ets, train, usable).predict(y, o, plan.h, [])
        let s = 0
        for (let k = 0; k < plan.h; k++) s += Math.abs(y[o + k] - fc.mean[k])
        scores[c] += Number.isFinite(s) ? s / scale : Infinity
      }
    }
    let best = 0
    for (let c = 1; c < candidates.length; c++) if (scores[c] < scores[best]) best = c
    // A few origins make a noisy score: the combination (candidate 0 when not intermittent, with
    // the long seasons removed when there are any) is kept unless another candidate beats it clearly.
    if (!intermittent && scores[0] <= scores[best] * (1 + COMBINATION_PREFERENCE)) best = 0
    winner = candidates[best]
  }
  // Croston-family intervals are quantiles of the series' own demand ratios, not normal: left alone.
  return calibrateIntervals(build(winner, y, n, m, ets, full, usable).predict(y, n, h, levels), levels, intermittent ? undefined : train.cache.get(winner), y, plan.origins, plan.h)
}
