/**
 * Exponential smoothing state space models (ETS, Hyndman et al. 2008): additive or multiplicative
 * error, no / additive / additive-damped trend, no / additive / multiplicative season. Smoothing
 * parameters and initial level/trend (and, for short series, the initial seasonal states) are
 * fitted by maximum likelihood with Nelder-Mead; the model form is chosen by AICc.
 *
 * Series are passed already divided by a positive scale so that initial states are O(1); the
 * likelihood shifts by the same constant for every form, so AICc comparisons are unaffected.
 */
import {isSeasonal, seasonalFigure} from './decompose.js'
import {nelderMead} from './optimizer.js'
import {SeededRandom} from './random.js'
import {linearTrend, normalQuantile, zFor} from './stats.js'

export const ERR_A = 0
export const ERR_M = 1
export const TREND_N = 0
export const TREND_A = 1
export const TREND_AD = 2
export const SEASON_N = 0
export const SEASON_A = 1
export const SEASON_M = 2

export interface EtsForm {
  error: number
  trend: number
  season: number
}

export interface EtsModel {
  form: EtsForm
  m: number
  alpha: number
  beta: number
  gamma: number
  phi: number
  /** Initial states (fitted). */
  l0: number
  b0: number
  s0: Float64Array
  /** State after the last observation; seasonal ring indexed by absolute time mod m. */
  l: number
  b: number
  s: Float64Array
  n: number
  /** Variance of the innovations (relative innovations for multiplicative error). */
  sigma2: number
  lik: number
  np: number
  aicc: number
}

export interface EtsFitOptions {
  maxEvals?: number
  /** Fit the m-1 initial seasonal states by likelihood too (costly for long series). */
  optimizeSeasonalInit?: boolean
}

const LOWER = 1e-4
const UPPER = 0.9999
const PHI_LO = 0.8
const PHI_HI = 0.98

export function etsLabel(form: EtsForm): string {
  const e = form.error === ERR_A ? 'A' : 'M'
  const t = form.trend === TREND_N ? 'N' : form.trend === TREND_A ? 'A' : 'Ad'
  const s = form.season === SEASON_N ? 'N' : form.season === SEASON_A ? 'A' : 'M'
  return `ets(${e},${t},${s})`
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u))
const logit = (p: number): number => Math.log(p / (1 - p))

/**
 * Runs the model over y[0..n) from the given initial states; returns -2 log-likelihood up to a
 * constant (Infinity when the model breaks down). The seasonal ring `s` is updated in place and
 * `state` receives the final level and trend and the sum of squared innovations.
 *
 * This is the optimiser's inner loop: one branch-light loop per seasonal type, no allocation.
 */
export function etsFilter(
  y: ArrayLike<number>,
  n: number,
  m: number,
  form: EtsForm,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  l0: number,
  b0: number,
  s: Float64Array,
  state: Float64Array,
): number {
  const multErr = form.error === ERR_M
  const trend = form.trend
  const season = form.season
  // Trend handled through phi: 0 for none, 1 for additive, phi for damped.
  const ph = trend === TREND_N ? 0 : trend === TREND_A ? 1 : phi
  const betaRatio = trend === TREND_N ? 0 : beta / alpha
  let l = l0
  let b = trend === TREND_N ? 0 : b0
  let sse = 0
  let sumLog = 0
  if (season === SEASON_N) {
    for (let t = 0; t < n; t++) {
      const phib = ph * b
      const q = l + phib
      const yt = y[t]
      let e = yt - q
      if (multErr) {
        if (!(q > 1e-10)) return Infinity
        e /= q
        sumLog += Math.log(q)
      }
      sse += e * e
      const ln = q + alpha * (yt - q)
      b = phib + betaRatio * (ln - l - phib)
      l = ln
    }
  } else if (season === SEASON_A) {
    let j = 0
    for (let t = 0; t < n; t++) {
      const phib = ph * b
      const q = l + phib
      const yt = y[t]
      const sv = s[j]
      const f = q + sv
      let e = yt - f
      if (multErr) {
        if (!(f > 1e-10)) return Infinity
        e /= f
        sumLog += Math.log(f)
      }
      sse += e * e
      const ln = q + alpha * (yt - sv - q)
      b = phib + betaRatio * (ln - l - phib)
      s[j] = sv + gamma * (yt - q - sv)
      l = ln
      if (++j === m) j = 0
    }
  } else {
    let j = 0
    for (let t = 0; t < n; t++) {
      const phib = ph * b
      const q = l + phib
      const yt = y[t]
      const sv = s[j]
      if (!(sv > 1e-10) || !(q > 1e-10)) return Infinity
      const f = q * sv
      let e = yt - f
      if (multErr) {
        e /= f
        sumLog += Math.log(f)
      }
      sse += e * e
      const ln = q + alpha * (yt / sv - q)
      b = phib + betaRatio * (ln - l - phib)
      s[j] = sv + gamma * (yt / q - sv)
      l = ln
      if (++j === m) j = 0
    }
  }
  state[0] = l
  state[1] = b
  state[2] = sse
  if (!(sse > 0) || !Number.isFinite(sse)) return sse === 0 ? -Infinity : Infinity
  return n * Math.log(sse) + 2 * sumLog
}

function countParams(form: EtsForm, m: number): number {
  let k = 2 // alpha, l0
  if (form.trend !== TREND_N) k += 2 // beta, b0
  if (form.trend === TREND_AD) k += 1
  if (form.season !== SEASON_N) k += 1 + (m - 1)
  return k + 1 // sigma
}

/** Whether the series is long enough for the form: two seasons and four points per parameter beyond the count. */
export function formFits(form: EtsForm, m: number, n: number): boolean {
  if (form.season !== SEASON_N && (m < 2 || n < 2 * m)) return false
  return n >= countParams(form, m) + 4
}

/** Initial states in the manner of Hyndman's initstate(): decomposition, then a short regression. */
function initialStates(y: ArrayLike<number>, n: number, m: number, form: EtsForm): {l0: number; b0: number; s0: Float64Array} | null {
  let s0: Float64Array = new Float64Array(Math.max(1, m))
  let sa: ArrayLike<number> = y
  if (form.season !== SEASON_N) {
    const len = Math.min(n, 3 * m) - (Math.min(n, 3 * m) % m)
    const fig = seasonalFigure(y, len, m, form.season === SEASON_A ? 'additive' : 'multiplicative')
    if (fig === null) {
      if (form.season === SEASON_M) return null
      s0 = new Float64Array(m)
    } else {
      s0 = fig
    }
    const adj = new Float64Array(Math.min(n, Math.max(10, 2 * m)))
    for (let t = 0; t < adj.length; t++) adj[t] = form.season === SEASON_A ? y[t] - s0[t % m] : y[t] / s0[t % m]
    sa = adj
  }
  const maxn = Math.min(Math.max(10, 2 * m), n)
  if (form.trend === TREND_N) {
    let sum = 0
    for (let t = 0; t < maxn; t++) sum += sa[t]
    return {l0: sum / maxn, b0: 0, s0}
  }
  const fit = linearTrend(sa, 0, maxn)
  // R regresses on 1..maxn: intercept there is the level at t = 0.
  let l0 = fit.intercept - fit.slope
  let b0 = fit.slope
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 1e-3
    b0 *= 1 + 1e-3
  }
  return {l0, b0, s0}
}

/** One form's likelihood as a function of the optimiser's unconstrained parameter vector. */
interface FormProblem {
  form: EtsForm
  period: number
  np: number
  x0: Float64Array
  steps: Float64Array
  objective: (x: Float64Array) => number
  /** Writes alpha, beta, gamma, phi, l0, b0 to `params` and the initial seasonal states to `ring`. */
  decode: (x: Float64Array) => boolean
  params: Float64Array
  ring: Float64Array
}

function prepareForm(y: ArrayLike<number>, n: number, m: number, form: EtsForm, options: EtsFitOptions): FormProblem | null {
  const period = form.season === SEASON_N ? 1 : m
  if (!formFits(form, m, n)) return null
  const init = initialStates(y, n, period, form)
  if (init === null) return null
  const hasTrend = form.trend !== TREND_N
  const damped = form.trend === TREND_AD
  const seasonal = form.season !== SEASON_N
  const optSeason = seasonal && (options.optimizeSeasonalInit ?? false)
  const mult = form.season === SEASON_M

  // Starting values as in R's initparam().
  const alpha0 = LOWER + (0.2 * (UPPER - LOWER)) / m
  const x0: number[] = [logit((alpha0 - LOWER) / (UPPER - LOWER))]
  const steps: number[] = [1]
  if (hasTrend) {
    x0.push(logit(0.1))
    steps.push(1)
  }
  if (seasonal) {
    x0.push(logit(0.05))
    steps.push(1)
  }
  if (damped) {
    x0.push(logit(0.9))
    steps.push(1.5)
  }
  const iL = x0.length
  x0.push(init.l0)
  steps.push(0.1 * Math.abs(init.l0) + 0.05)
  if (hasTrend) {
    x0.push(init.b0)
    steps.push(0.1 * Math.abs(init.b0) + 0.01)
  }
  const iS = x0.length
  if (optSeason) {
    for (let i = 1; i < period; i++) {
      x0.push(init.s0[i])
      steps.push(mult ? 0.05 : 0.1 * Math.abs(init.s0[i]) + 0.02)
    }
  }

  const ring = new Float64Array(period)
  const state = new Float64Array(3)
  const params = new Float64Array(6)
  const decode = (x: Float64Array): boolean => {
    let i = 0
    const alpha = LOWER + (UPPER - LOWER) * logistic(x[i++])
    let beta = 0
    let gamma = 0
    let phi = 1
    if (hasTrend) beta = LOWER + (alpha - LOWER) * logistic(x[i++])
    if (seasonal) gamma = LOWER + (1 - alpha - LOWER) * logistic(x[i++])
    if (damped) phi = PHI_LO + (PHI_HI - PHI_LO) * logistic(x[i++])
    params[0] = alpha
    params[1] = beta
    params[2] = gamma
    params[3] = phi
    params[4] = x[iL]
    params[5] = hasTrend ? x[iL + 1] : 0
    if (seasonal) {
      if (optSeason) {
        let sum = 0
        for (let k = 1; k < period; k++) {
          const v = x[iS + k - 1]
          if (mult && !(v > 1e-3)) return false
          ring[k] = v
          sum += v
        }
        ring[0] = mult ? period - sum : -sum
        if (mult && !(ring[0] > 1e-3)) return false
      } else {
        ring.set(init.s0)
      }
    }
    return true
  }
  const objective = (x: Float64Array): number => {
    if (!decode(x)) return Infinity
    const v = etsFilter(y, n, period, form, params[0], params[1], params[2], params[3], params[4], params[5], ring, state)
    // A perfect fit: any finite stand-in below every real likelihood.
    return v === -Infinity ? -1e300 : v
  }
  return {form, period, np: countParams(form, period), x0: Float64Array.from(x0), steps: Float64Array.from(steps), objective, decode, params, ring}
}

function aiccOf(lik: number, np: number, n: number): number {
  return n - np - 1 > 0 ? lik + 2 * np + (2 * np * (np + 1)) / (n - np - 1) : Infinity
}

function finishForm(problem: FormProblem, x: Float64Array, y: ArrayLike<number>, n: number): EtsModel | null {
  if (!problem.decode(x)) return null
  const {params, ring, form, period, np} = problem
  const s0 = ring.slice()
  const state = new Float64Array(3)
  const lik = etsFilter(y, n, period, form, params[0], params[1], params[2], params[3], params[4], params[5], ring, state)
  if (lik === Infinity || Number.isNaN(lik)) return null
  const finiteLik = lik === -Infinity ? -1e300 : lik
  return {
    form,
    m: period,
    alpha: params[0],
    beta: params[1],
    gamma: params[2],
    phi: params[3],
    l0: params[4],
    b0: params[5],
    s0,
    l: state[0],
    b: state[1],
    s: ring.slice(),
    n,
    sigma2: state[2] / Math.max(1, n - np),
    lik: finiteLik,
    np,
    aicc: aiccOf(finiteLik, np, n),
  }
}

function defaultEvals(k: number): number {
  return 60 * (k + 1)
}

/** Fits one ETS form by maximum likelihood; null when it cannot be fitted to this series. */
export function fitEtsForm(y: ArrayLike<number>, n: number, m: number, form: EtsForm, options: EtsFitOptions = {}): EtsModel | null {
  const problem = prepareForm(y, n, m, form, options)
  if (problem === null) return null
  const res = nelderMead(problem.objective, problem.x0, {steps: problem.steps, reltol: 1e-7, maxEvals: options.maxEvals ?? defaultEvals(problem.x0.length)})
  if (!Number.isFinite(res.value) && res.value !== -1e300) return null
  return finishForm(problem, res.x, y, n)
}

/**
 * Refits a model's form to another series (e.g. a shorter training prefix), starting from the
 * model's parameters: a warm start converges in a fraction of the evaluations.
 */
export function refitEtsForm(model: EtsModel, y: ArrayLike<number>, n: number, m: number, options: EtsFitOptions = {}): EtsModel | null {
  const problem = prepareForm(y, n, m, model.form, options)
  if (problem === null) return null
  const x0 = problem.x0
  const warm = x0.slice()
  let i = 0
  warm[i++] = logit((model.alpha - LOWER) / (UPPER - LOWER))
  if (model.form.trend !== TREND_N) warm[i++] = logit(Math.min(0.999, Math.max(1e-3, (model.beta - LOWER) / Math.max(1e-12, model.alpha - LOWER))))
  if (model.form.season !== SEASON_N) warm[i++] = logit(Math.min(0.999, Math.max(1e-3, (model.gamma - LOWER) / Math.max(1e-12, 1 - model.alpha - LOWER))))
  if (model.form.trend === TREND_AD) warm[i++] = logit(Math.min(0.999, Math.max(1e-3, (model.phi - PHI_LO) / (PHI_HI - PHI_LO))))
  const start = problem.objective(warm) <= problem.objective(x0) ? warm : x0
  const steps = problem.steps.map((v, j) => (j < i ? 0.5 : v))
  const res = nelderMead(problem.objective, start, {steps, reltol: 1e-6, maxEvals: options.maxEvals ?? 25 * (x0.length + 1)})
  if (!Number.isFinite(res.value) && res.value !== -1e300) return null
  return finishForm(problem, res.x, y, n)
}

/** Re-runs a fitted model's parameters over a (longer or shorter) series to get its final state. */
export function refilter(model: EtsModel, y: ArrayLike<number>, n: number): {l: number; b: number; s: Float64Array} | null {
  const ring = model.s0.slice()
  const state = new Float64Array(3)
  const v = etsFilter(y, n, model.m, model.form, model.alpha, model.beta, model.gamma, model.phi, model.l0, model.b0, ring, state)
  if (v === Infinity || Number.isNaN(v)) return null
  return {l: state[0], b: state[1], s: ring}
}

/** Candidate forms; multiplicative ones only for strictly positive data, as R's ets(). */
export function candidateForms(positive: boolean, seasonal: boolean): EtsForm[] {
  const forms: EtsForm[] = []
  const errors = positive ? [ERR_A, ERR_M] : [ERR_A]
  const seasons = seasonal ? (positive ? [SEASON_N, SEASON_A, SEASON_M] : [SEASON_N, SEASON_A]) : [SEASON_N]
  for (const error of errors) {
    for (const season of seasons) {
      // Additive error with multiplicative season is numerically unstable (excluded by R too).
      if (error === ERR_A && season === SEASON_M) continue
      for (const trend of [TREND_N, TREND_A, TREND_AD]) forms.push({error, trend, season})
    }
  }
  return forms
}

/** Forms fitted to convergence after the cheap first round of a race. */
const RACE_FINALISTS = 1

/**
 * Fits every candidate form and keeps the one with the lowest AICc. With `race`, every form first
 * gets a short optimisation and only the best by AICc is optimised to convergence: a fraction of
 * the cost of fitting every form fully, with the same accuracy on the M3 and M4 data.
 */
export function selectEts(y: ArrayLike<number>, n: number, m: number, options: EtsFitOptions & {forms?: EtsForm[]; race?: boolean; seasonalTest?: boolean} = {}): EtsModel | null {
  let positive = true
  for (let t = 0; t < n; t++) {
    if (!(y[t] > 0)) {
      positive = false
      break
    }
  }
  const canSeason = m > 1 && n >= 2 * m
  let forms = (options.forms ?? candidateForms(positive, canSeason)).filter((f) => positive || (f.error === ERR_A && f.season !== SEASON_M))
  if (options.seasonalTest && canSeason) {
    const seasonal = isSeasonal(y, n, m)
    forms = forms.filter((f) => (f.season !== SEASON_N) === seasonal)
  }
  let best: EtsModel | null = null
  if (!options.race) {
    for (const form of forms) {
      const fit = fitEtsForm(y, n, m, form, options)
      if (fit !== null && (best === null || fit.aicc < best.aicc)) best = fit
    }
    return best
  }
  const round: Array<{problem: FormProblem; x: Float64Array; aicc: number}> = []
  for (const form of forms) {
    const problem = prepareForm(y, n, m, form, options)
    if (problem === null) continue
    const res = nelderMead(problem.objective, problem.x0, {steps: problem.steps, reltol: 1e-5, maxEvals: 10 * (problem.x0.length + 1)})
    if (!Number.isFinite(res.value) && res.value !== -1e300) continue
    round.push({problem, x: res.x, aicc: aiccOf(res.value, problem.np, n)})
  }
  round.sort((a, b) => a.aicc - b.aicc)
  for (const {problem, x} of round.slice(0, RACE_FINALISTS)) {
    const steps = problem.steps.map((v) => v * 0.3)
    const res = nelderMead(problem.objective, x, {steps, reltol: 1e-6, maxEvals: options.maxEvals ?? 40 * (x.length + 1)})
    const fit = finishForm(problem, res.x, y, n)
    if (fit !== null && (best === null || fit.aicc < best.aicc)) best = fit
  }
  return best
}

/** Point forecasts from a state. */
export function etsPointForecast(model: EtsModel, st: {l: number; b: number; s: Float64Array}, n: number, h: number, out: Float64Array): void {
  const {form, m, phi} = model
  let damp = 0
  let phik = 1
  for (let k = 1; k <= h; k++) {
    let q: number
    if (form.trend === TREND_N) q = st.l
    else if (form.trend === TREND_A) q = st.l + k * st.b
    else {
      phik *= phi
      damp += phik
      q = st.l + damp * st.b
    }
    const pos = (n + k - 1) % m
    out[k - 1] = form.season === SEASON_N ? q : form.season === SEASON_A ? q + st.s[pos] : q * st.s[pos]
  }
}

/** True for the linear homoscedastic class (additive error, no multiplicative season). */
export function isLinear(form: EtsForm): boolean {
  return form.error === ERR_A && form.season !== SEASON_M
}

/** Forecast standard deviations of the linear class (Hyndman et al. 2008, Table 6.1). */
export function linearForecastSd(model: EtsModel, h: number, out: Float64Array): void {
  const {form, alpha, beta, gamma, phi, m} = model
  let acc = 0
  let damp = 0
  let phij = 1
  for (let k = 1; k <= h; k++) {
    out[k - 1] = Math.sqrt(model.sigma2 * (1 + acc))
    // c_j for the next horizon's sum, j = k.
    let c = alpha
    if (form.trend === TREND_A) c += beta * k
    else if (form.trend === TREND_AD) {
      phij *= phi
      damp += phij
      c += beta * damp
    }
    if (form.season !== SEASON_N && k % m === 0) c += gamma
    acc += c * c
  }
}

const SIM_PATHS = 300
const SIM_STEPS = 64
let innovations: Float64Array | null = null

/**
 * Standard normal innovations for SIM_PATHS paths × SIM_STEPS steps, built once with a fixed seed.
 * Each step's column is a random permutation of the normal quantiles at (i + 0.5) / SIM_PATHS
 * (Latin hypercube sampling): every step's marginal is exactly stratified, which makes the
 * simulated variances far less noisy than plain random draws for the same number of paths.
 */
function innovationTable(): Float64Array {
  if (innovations === null) {
    const N = SIM_PATHS
    const strata = new Float64Array(N)
    for (let i = 0; i < N; i++) strata[i] = normalQuantile((i + 0.5) / N)
    const table = new Float64Array(N * SIM_STEPS)
    const perm = new Int32Array(N)
    const rng = new SeededRandom(0x5eed)
    for (let k = 0; k < SIM_STEPS; k++) {
      for (let i = 0; i < N; i++) perm[i] = i
      for (let i = N - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1))
        const tmp = perm[i]
        perm[i] = perm[j]
        perm[j] = tmp
      }
      for (let p = 0; p < N; p++) table[p * SIM_STEPS + k] = strata[perm[p]]
    }
    innovations = table
  }
  return innovations
}

/**
 * Forecast standard deviations by simulating sample paths, for the non-linear forms whose
 * forecast variance has no simple closed form; intervals are then normal around the point
 * forecast, as R's forecast package does with its analytic variances. The innovations come from
 * a fixed table (deterministic); beyond SIM_STEPS steps its columns are reused with the paths
 * shifted, so that no path repeats its own sequence.
 */
export function simulateSd(model: EtsModel, st: {l: number; b: number; s: Float64Array}, n: number, h: number, out: Float64Array): void {
  const {form, m, alpha, beta, gamma, phi} = model
  const sigma = Math.sqrt(model.sigma2)
  const table = innovationTable()
  const N = SIM_PATHS
  const sum = new Float64Array(h)
  const sumSq = new Float64Array(h)
  const ring = new Float64Array(m)
  const ph = form.trend === TREND_N ? 0 : form.trend === TREND_A ? 1 : phi
  const betaRatio = form.trend === TREND_N ? 0 : beta / alpha
  const multErr = form.error === ERR_M
  const season = form.season
  for (let p = 0; p < N; p++) {
    let l = st.l
    let b = form.trend === TREND_N ? 0 : st.b
    ring.set(st.s)
    let pos = n % m
    for (let k = 0; k < h; k++) {
      const phib = ph * b
      const q = l + phib
      const col = k % SIM_STEPS
      const row = col === k ? p : (p + 37 * ((k - col) / SIM_STEPS)) % N
      const e = sigma * table[row * SIM_STEPS + col]
      let yv: number
      if (season === SEASON_N) {
        yv = multErr ? q * (1 + e) : q + e
        l = q + alpha * (yv - q)
      } else if (season === SEASON_A) {
        const sv = ring[pos]
        const f = q + sv
        yv = multErr ? f * (1 + e) : f + e
        l = q + alpha * (yv - sv - q)
        ring[pos] = sv + gamma * (yv - q - sv)
      } else {
        const sv = ring[pos]
        const f = q * sv
        yv = multErr ? f * (1 + e) : f + e
        l = sv !== 0 ? q + alpha * (yv / sv - q) : q
        ring[pos] = q !== 0 ? sv + gamma * (yv / q - sv) : sv
      }
      b = phib + betaRatio * (l - (q - phib) - phib)
      sum[k] += yv
      sumSq[k] += yv * yv
      if (++pos === m) pos = 0
    }
  }
  for (let k = 0; k < h; k++) {
    const mean = sum[k] / N
    out[k] = Math.sqrt(Math.max(0, (sumSq[k] - N * mean * mean) / (N - 1)))
  }
}

/** Lower/upper bounds for each level: normal, with analytic variances for the linear class and simulated ones otherwise. */
export function etsIntervals(model: EtsModel, st: {l: number; b: number; s: Float64Array}, n: number, mean: Float64Array, levels: number[]): Array<{lower: Float64Array; upper: Float64Array}> {
  const h = mean.length
  const sd = new Float64Array(h)
  if (isLinear(model.form)) linearForecastSd(model, h, sd)
  else simulateSd(model, st, n, h, sd)
  return levels.map((level) => {
    const z = zFor(level)
    const lower = new Float64Array(h)
    const upper = new Float64Array(h)
    for (let k = 0; k < h; k++) {
      lower[k] = mean[k] - z * sd[k]
      upper[k] = mean[k] + z * sd[k]
    }
    return {lower, upper}
  })
}
