/**
 * ETS as a forecasting method: AICc selection over the candidate forms. Long seasonal periods
 * (more than MAX_ETS_PERIOD, e.g. 52 for weekly data) are not given dozens of free seasonal
 * states: a strongly seasonal series is seasonally adjusted by classical decomposition and a
 * non-seasonal ETS is fitted to it; otherwise (weak season, or under two seasons of history)
 * the non-seasonal ETS is fitted to the series itself.
 */
import {etsIntervals, etsLabel, etsPointForecast, refilter, refitEtsForm, selectEts, type EtsFitOptions, type EtsModel} from './ets.js'
import type {FittedMethod, MethodForecast} from './model.js'
import {naivePredict} from './naive.js'
import {reseasonalize, seasonalAdjustmentFor, seasonallyAdjust, type SeasonalAdjustment} from './theta.js'

/** Longest season ETS models with their own seasonal states (as R's ets()). */
export const MAX_ETS_PERIOD = 24

export interface EtsMethodOptions extends EtsFitOptions {
  /** Fit on at most this many of the latest observations (older history adds cost, little signal). */
  fitWindow?: number
  /** Race the forms (see selectEts) instead of fitting each to convergence. */
  race?: boolean
  /** Fit only seasonal or only non-seasonal forms, as the seasonal autocorrelation test says. */
  seasonalTest?: boolean
  /** The factor the series was divided by, so that the reported AICc is in the data's units. */
  dataScale?: number
}

export interface EtsFittedMethod extends FittedMethod {
  /** The fitted model (null when the series was too short and naive stands in). */
  model: EtsModel | null
}

/**
 * Seasonal strength a long season needs before ETS is fitted to the seasonally adjusted series:
 * the seasonal figure must explain at least half of the detrended variance. The autocorrelation
 * test alone also fires on trending series; on the M4 weekly data adjusting only strongly
 * seasonal series beat both always adjusting and never adjusting, on sMAPE and on MASE.
 */
export const LONG_SEASON_MIN_STRENGTH = 0.5

function longSeasonAdjustment(adj: SeasonalAdjustment | null): SeasonalAdjustment | null {
  return adj !== null && adj.strength >= LONG_SEASON_MIN_STRENGTH ? adj : null
}

/**
 * Fits ETS to y[0..n). Given `like`, keeps that model's form and only re-estimates its
 * parameters (warm-started): how a backtest origin reuses the form chosen on the full history.
 * `seasonal` passes in the seasonal analysis of y[0..n) when the caller already has it.
 */
export function etsMethod(
  y: Float64Array,
  n: number,
  m: number,
  options: EtsMethodOptions = {},
  like?: EtsModel | null,
  seasonal?: SeasonalAdjustment | null,
): EtsFittedMethod {
  const adj = m > MAX_ETS_PERIOD ? longSeasonAdjustment(seasonal ?? seasonalAdjustmentFor(y, n, m)) : null
  const mEts = m > MAX_ETS_PERIOD ? 1 : m
  const x = seasonallyAdjust(y, n, adj)
  const start = options.fitWindow !== undefined && n > options.fitWindow ? n - options.fitWindow : 0
  const xs = x.subarray(start, n)
  let model: EtsModel | null = null
  if (like !== undefined && like !== null) model = refitEtsForm(like, xs, n - start, mEts, options)
  if (model === null) model = selectEts(xs, n - start, mEts, options)
  if (model === null) {
    return {label: 'naive', model: null, predict: (yy, nn, h, levels) => naivePredict(yy, nn, h, 1, levels)}
  }
  const fitted = model
  const label = etsLabel(fitted.form) + (adj === null ? '' : `+decomp(${m})`)
  // -2 log L of the rescaled data differs from the original's by 2·n·log(scale), for every form.
  const aicc = fitted.aicc + 2 * fitted.n * Math.log(options.dataScale ?? 1)
  return {
    label,
    aicc,
    model: fitted,
    predict(yy, nn, h, levels): MethodForecast {
      const same = yy === y && nn === n
      const xx = same ? x : seasonallyAdjust(yy, nn, adj)
      const len = nn - start
      const st = same ? fitted : len > 0 ? refilter(fitted, xx.subarray(start, nn), len) : null
      if (st === null) return naivePredict(yy, nn, h, 1, levels)
      const mean = new Float64Array(h)
      etsPointForecast(fitted, st, len, h, mean)
      const bounds = levels.length === 0 ? [] : etsIntervals(fitted, st, len, mean, [...levels])
      reseasonalize(mean, nn, adj)
      for (const b of bounds) {
        reseasonalize(b.lower, nn, adj)
        reseasonalize(b.upper, nn, adj)
      }
      return {label, mean, bounds, aicc}
    },
  }
}
