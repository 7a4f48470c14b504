/**
 * Nelder-Mead simplex minimiser. Works on an unconstrained parameter vector: callers map bounded
 * parameters through a logistic transform and return Infinity for inadmissible points.
 */
export interface NelderMeadOptions {
  /** Initial simplex edge per coordinate. */
  steps: ArrayLike<number>
  /** Stop once the function values in the simplex agree to this relative tolerance. */
  reltol?: number
  /** Hard cap on function evaluations. */
  maxEvals?: number
}

export interface NelderMeadResult {
  x: Float64Array
  value: number
  evals: number
}

export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions): NelderMeadResult {
  const k = x0.length
  const reltol = options.reltol ?? 1e-8
  const maxEvals = options.maxEvals ?? 200 * (k + 1)
  const npts = k + 1
  // Simplex vertices stored row-wise in one buffer to avoid per-iteration allocation.
  const pts = new Float64Array(npts * k)
  const vals = new Float64Array(npts)
  const centroid = new Float64Array(k)
  const xr = new Float64Array(k)
  const xe = new Float64Array(k)
  const xc = new Float64Array(k)
  const order = new Int32Array(npts)
  let evals = 0
  const evalAt = (x: Float64Array): number => {
    evals++
    const v = f(x)
    return Number.isFinite(v) ? v : Infinity
  }

  for (let j = 0; j < k; j++) pts[j] = x0[j]
  vals[0] = evalAt(pts.subarray(0, k))
  for (let i = 1; i < npts; i++) {
    for (let j = 0; j < k; j++) pts[i * k + j] = x0[j]
    pts[i * k + i - 1] += options.steps[i - 1] || 0.1
    vals[i] = evalAt(pts.subarray(i * k, i * k + k))
  }
  for (let i = 0; i < npts; i++) order[i] = i

  while (evals < maxEvals) {
    // Insertion sort of vertex indices by value; k is small.
    for (let i = 1; i < npts; i++) {
      const oi = order[i]
      const v = vals[oi]
      let j = i - 1
      while (j >= 0 && vals[order[j]] > v) {
        order[j + 1] = order[j]
        j--
      }
      order[j + 1] = oi
    }
    const best = order[0]
    const worst = order[k]
    const second = order[k - 1]
    const fBest = vals[best]
    const fWorst = vals[worst]
    if (Number.isFinite(fWorst) && Math.abs(fWorst - fBest) <= reltol * (Math.abs(fBest) + reltol)) break

    centroid.fill(0)
    for (let i = 0; i < k; i++) {
      const row = order[i] * k
      for (let j = 0; j < k; j++) centroid[j] += pts[row + j]
    }
    for (let j = 0; j < k; j++) centroid[j] /= k

    const wrow = worst * k
    for (let j = 0; j < k; j++) xr[j] = centroid[j] + (centroid[j] - pts[wrow + j])
    const fr = evalAt(xr)
    if (fr < fBest) {
      for (let j = 0; j < k; j++) xe[j] = centroid[j] + 2 * (centroid[j] - pts[wrow + j])
      const fe = evalAt(xe)
      if (fe < fr) {
        pts.set(xe, wrow)
        vals[worst] = fe
      } else {
        pts.set(xr, wrow)
        vals[worst] = fr
      }
      continue
    }
    if (fr < vals[second]) {
      pts.set(xr, wrow)
      vals[worst] = fr
      continue
    }
    // Contraction: outside if the reflected point improved on the worst, inside otherwise.
    const outside = fr < fWorst
    for (let j = 0; j < k; j++) {
      xc[j] = outside ? centroid[j] + 0.5 * (xr[j] - centroid[j]) : centroid[j] + 0.5 * (pts[wrow + j] - centroid[j])
    }
    const fc = evalAt(xc)
    if (fc < (outside ? fr : fWorst)) {
      pts.set(xc, wrow)
      vals[worst] = fc
      continue
    }
    // Shrink towards the best vertex.
    const brow = best * k
    for (let i = 0; i < npts; i++) {
      if (i === best) continue
      const row = i * k
      for (let j = 0; j < k; j++) pts[row + j] = pts[brow + j] + 0.5 * (pts[row + j] - pts[brow + j])
      vals[i] = evalAt(pts.subarray(row, row + k))
      if (evals >= maxEvals) break
    }
  }

  let bi = 0
  for (let i = 1; i < npts; i++) if (vals[i] < vals[bi]) bi = i
  return {x: pts.slice(bi * k, bi * k + k), value: vals[bi], evals}
}
