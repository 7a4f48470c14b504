import assert from 'node:assert/strict'

import {forecast, seasonalPeriodFor} from '../../../src/sdk/forecast/index.js'
import {backtest} from '../../../src/sdk/forecast/backtest.js'
import {binOf, longSeasonFor} from '../../../src/sdk/forecast/mstl.js'
import {DemoRandom} from '../../../src/sdk/demo/random.js'
import {SeededRandom} from '../../../src/sdk/forecast/random.js'

const WEEK = [0.8, 0.9, 0.95, 1, 1.05, 1.4, 1.3]

/** Daily demand with a weekday pattern, a summer peak (±40 %), mild growth and 5 % noise. */
function twoSeasons(seed: number, days: number): {history: number[]; truth: (t: number) => number} {
  const truth = (t: number) => 100 * (1 + 0.1 * (t / 365)) * WEEK[t % 7] * (1 + 0.4 * Math.cos((2 * Math.PI * (t - 200)) / 365))
  const rng = new SeededRandom(seed)
  return {history: Array.from({length: days}, (_, t) => truth(t) * (1 + 0.05 * rng.normal())), truth}
}

function mae(fc: readonly number[], truth: (t: number) => number, from: number): number {
  return fc.reduce((s, v, k) => s + Math.abs(v - truth(from + k)), 0) / fc.length
}

describe('sdk/forecast multiple seasons', () => {
  // History ends on day 330 of the third year, falling towards the yearly trough (day 17): the
  // next 120 days pass it and climb again, which only the yearly season can know.
  const {history, truth} = twoSeasons(3, 1060)
  const N = history.length

  it('forecasts a weekly and a yearly season with both, at under half the one-season error', () => {
    const both = forecast(history, {horizon: 120, period: [7, 365], method: 'mstl'})
    const one = forecast(history, {horizon: 120, period: 7, method: 'ets'})
    assert.match(both.method, /\+mstl\(365\)$/)
    const errBoth = mae(both.mean, truth, N)
    const errOne = mae(one.mean, truth, N)
    assert.ok(errBoth < 0.5 * errOne, `two seasons MAE ${errBoth.toFixed(2)} vs one season ${errOne.toFixed(2)}`)
    // The weekday pattern survives: day 5 of the cycle above day 0 in every week.
    for (let k = 0; k + 7 <= 120; k += 7) {
      const day = (i: number) => both.mean[k + ((i - ((N + k) % 7) + 7) % 7)]
      assert.ok(day(5) > day(0), `week from step ${k}`)
    }
  })

  it('auto chooses the two-season candidate on this series', () => {
    const fc = forecast(history, {horizon: 30, period: [7, 365]})
    assert.match(fc.method, /\+mstl\(365\)$/)
  })

  it('keeps calibrated 95 % intervals when the yearly season is carried forward', () => {
    let inside = 0
    let total = 0
    for (let seed = 1; seed <= 12; seed++) {
      const s = twoSeasons(100 + seed, 800 + 17 * seed)
      const n = s.history.length - 30
      const fc = forecast(s.history.slice(0, n), {horizon: 30, period: [7, 365], method: 'mstl', levels: [95]})
      fc.intervals[0].lower.forEach((lo, k) => {
        total++
        if (s.history[n + k] >= lo && s.history[n + k] <= fc.intervals[0].upper[k]) inside++
      })
    }
    assert.ok(inside / total > 0.88 && inside / total <= 1, `95 % coverage ${((100 * inside) / total).toFixed(1)} %`)
  })

  it('uses a long season only once the history covers two of its cycles', () => {
    const short = history.slice(0, 600)
    assert.doesNotMatch(forecast(short, {horizon: 14, period: [7, 365]}).method, /mstl/)
    assert.match(forecast(history.slice(0, 730), {horizon: 14, period: [7, 365]}).method, /mstl/)
  })

  it('shrinks a yearly figure made of noise towards flat (or finds none)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = new SeededRandom(seed)
      const flat = Array.from({length: 900}, (_, t) => 50 * WEEK[t % 7] * Math.max(0.05, 1 + 0.3 * rng.normal()))
      const season = longSeasonFor(flat, flat.length, 365, 7)
      const spread = season === null ? 0 : Math.max(...season.figure) - Math.min(...season.figure)
      assert.ok(spread < 0.1, `seed ${seed}: figure spread ${spread.toFixed(3)}`)
    }
    const peaked = longSeasonFor(history, history.length, 365, 7)
    assert.ok(peaked !== null && Math.max(...peaked.figure) - Math.min(...peaked.figure) > 0.6)
  })

  it('estimates a smooth yearly figure from two years of noisy daily sales to within 0.04 RMS', () => {
    // 30 % daily noise leaves two or three days per position; a week-wide moving average of the
    // positions' averages was off by about 0.09 RMS (0.3 at worst) on these same series.
    const yearly = (t: number) => 1 + 0.5 * Math.cos((2 * Math.PI * (t - 200)) / 365)
    for (let seed = 1; seed <= 5; seed++) {
      const rng = new SeededRandom(seed)
      const sales = Array.from({length: 760}, (_, t) => 40 * WEEK[t % 7] * yearly(t) * Math.max(0.05, 1 + 0.3 * rng.normal()))
      const season = longSeasonFor(sales, sales.length, 365, 7)
      assert.ok(season !== null && season.multiplicative)
      const rms = Math.sqrt(season.figure.reduce((s, f, i) => s + (f - yearly(i)) ** 2, 0) / 365)
      assert.ok(rms < 0.04, `seed ${seed}: figure RMS error ${rms.toFixed(3)}`)
    }
  })

  it('keeps an on/off season (sales only in summer) positive, with intervals the size of the sales', () => {
    // 40 a day from May to September, about one a day otherwise: harmonics would ring below zero
    // in winter, and a figure near zero divides ordinary winter days into huge adjusted values.
    const rng = new DemoRandom(3)
    const summer = (t: number) => t % 365 >= 120 && t % 365 < 270
    const sales = Array.from({length: 1095}, (_, t) => rng.poisson(summer(t) ? 40 : 1))
    const season = longSeasonFor(sales, sales.length, 365, 7)
    assert.ok(season !== null && season.multiplicative)
    assert.ok(Math.min(...season.figure) > 0.01, `smallest position ${Math.min(...season.figure)}`)
    const history = sales.slice(0, 895)
    const fc = forecast(history, {horizon: 100, period: [7, 365], method: 'mstl'})
    const top = Math.max(...history)
    assert.ok(Math.max(...fc.intervals[1].upper) < 3 * top, `upper 95 % bound ${Math.max(...fc.intervals[1].upper).toFixed(0)} against sales of at most ${top}`)
  })

  it('accepts fractional long seasons and rejects fractional short ones', () => {
    assert.match(forecast(history, {horizon: 7, period: [7, 365.25], method: 'mstl'}).method, /\+mstl\(365\)$/)
    assert.throws(() => forecast(history, {horizon: 7, period: 7.5}), /Seasonal period/)
    assert.throws(() => forecast(history, {horizon: 7, period: [7, 0]}), /Seasonal period/)
    assert.equal(seasonalPeriodFor('daily'), 7)
  })

  it('backtests with a list of periods, scaling MASE by the shortest season', () => {
    const r = backtest(history, {horizon: 14, period: [7, 365], origins: 2})
    assert.equal(r.origins, 2)
    assert.ok(r.metrics.mase !== null && r.metrics.mase < 1)
  })

  describe('hourly data with a daily and a weekly season (period [24, 168])', () => {
    // Store traffic by the hour: a daily curve peaking at 17:00, and weekends selling half as
    // much again, which only the weekly season knows.
    const truth = (t: number) => {
      const hour = t % 24
      const weekend = Math.floor(t / 24) % 7 >= 5
      return 40 * (1 + 0.6 * Math.cos((2 * Math.PI * (hour - 17)) / 24)) * (weekend ? 1.5 : 1)
    }
    const rng = new SeededRandom(24)
    const hourly = Array.from({length: 6 * 168}, (_, t) => truth(t) * (1 + 0.05 * rng.normal()))

    it('forecasts the next week with both seasons, at under half the error of the daily one alone', () => {
      const both = forecast(hourly, {horizon: 168, period: [24, 168]})
      const daily = forecast(hourly, {horizon: 168, period: 24, method: 'ets'})
      assert.match(both.method, /\+mstl\(168\)$/)
      const errBoth = mae(both.mean, truth, hourly.length)
      const errDaily = mae(daily.mean, truth, hourly.length)
      assert.ok(errBoth < 0.5 * errDaily, `[24, 168]: MAE ${errBoth.toFixed(2)} vs 24 alone: ${errDaily.toFixed(2)}`)
    })
  })

  describe('a fractional season (52.18 weeks a year)', () => {
    const YEAR = 365.25 / 7
    // Eight years of weekly sales peaking in the same calendar week: a 52-week figure drifts by
    // a week every 5.6 years against it.
    const truth = (t: number) => 500 * (1 + 0.5 * Math.exp(-0.5 * (((t % YEAR) - 48) / 1.5) ** 2))
    const rng = new SeededRandom(52)
    const weekly = Array.from({length: 416}, (_, t) => truth(t) * (1 + 0.03 * rng.normal()))

    it('bins positions so that the cycle does not drift', () => {
      assert.equal(binOf(10, 52, 52), 10)
      assert.equal(binOf(Math.ceil(8 * YEAR) + 3, YEAR, 52), 3)
      assert.equal(binOf(8 * 52 + 3, 52, 52), 3)
    })

    it('forecasts the next peak more accurately with 52.18 than with a fixed 52', () => {
      const frac = forecast(weekly, {horizon: 52, period: YEAR, method: 'mstl'})
      const fixed = forecast(weekly, {horizon: 52, period: 52, method: 'ets'})
      const errFrac = mae(frac.mean, truth, 416)
      const errFixed = mae(fixed.mean, truth, 416)
      assert.ok(errFrac < 0.8 * errFixed, `52.18: MAE ${errFrac.toFixed(1)} vs 52: ${errFixed.toFixed(1)}`)
    })

    it('ets and theta asked for by name remove the fractional season too', () => {
      assert.match(forecast(weekly, {horizon: 13, period: YEAR, method: 'ets'}).method, /^ets\(.*\)\+mstl\(52\)$/)
      assert.match(forecast(weekly, {horizon: 13, period: YEAR, method: 'theta'}).method, /^theta\+mstl\(52\)$/)
      // Under two cycles of history there is nothing to remove.
      assert.doesNotMatch(forecast(weekly.slice(0, 100), {horizon: 13, period: YEAR, method: 'ets'}).method, /mstl/)
    })
  })
})
