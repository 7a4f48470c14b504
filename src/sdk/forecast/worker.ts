/** Worker-thread entry of forecastMany(): forecasts the batches it is sent. */
import {parentPort, workerData} from 'node:worker_threads'
import {forecastItem, type BatchOptions} from './batch.js'
import type {ForecastManyItem} from './types.js'

export interface BatchMessage {
  batch: number
  ids: string[]
  /** Series i is values[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array
  values: Float64Array
}

export interface BatchReply {
  batch: number
  results: ForecastManyItem[]
}

const options = workerData as BatchOptions
parentPort?.on('message', (msg: BatchMessage) => {
  const results: ForecastManyItem[] = []
  for (let i = 0; i < msg.ids.length; i++) {
    results.push(forecastItem(msg.ids[i], msg.values.subarray(msg.offsets[i], msg.offsets[i + 1]), options))
  }
  parentPort?.postMessage({batch: msg.batch, results} satisfies BatchReply)
})
