/**
 * ETS as a forecasting method: AICc selection over the candidate forms, with long seasonal
 * periods (more than MAX_ETS_PERIOD, e.g. 52 for weekly data) handled by classical seasonal
 * adjustment plus a non-seasonal ETS, instead of fitting dozens of free seasonal states.
 */
import {etsIntervals, etsLabel, etsPointForecast, refilter, refitEtsForm, selectEts, type EtsFitOptions, type EtsModel} from './ets.js'
import type {FittedMethod, MethodForecast} from './model.js'
import {naivePredict} from './naive.js'
import {reseasonalize, seasonalAdjustmentFor, seasonallyAdjust} from './theta.js'

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
 * Fits ETS to y[0..n). Given `like`, keeps that model's form and only re-estimates its
 * parameters (warm-started): how a backtest origin reuses the form chosen on the full history.
 */
export function etsMethod(y: Float64Array, n: number, m: number, options: EtsMethodOptions = {}, like?: EtsModel | null): EtsFittedMethod {
  const adj = m > MAX_ETS_PERIOD ? seasonalAdjustmentFor(y, n, m) : null
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
