// One parse in a process of its own, so each parser's peak RSS is its own. Prints JSON.
import { readFileSync } from 'node:fs'
import { parseCobertura } from '../../actions/coverage-gate/src/parsers/cobertura.js'
import { parseLcov } from '../../actions/coverage-gate/src/parsers/lcov.js'

const [parser = '', file = ''] = process.argv.slice(2)

const PARSERS: Record<string, () => Promise<number>> = {
  // What the worker process costs before any parse: subtracted to get a parser's own memory.
  idle: () => Promise.resolve(0),
  'shipgate lcov': async () => (await parseLcov(file)).files.length,
  'shipgate cobertura': async () => (await parseCobertura(file)).files.length,
  'lcov-parse': async () => {
    const { default: lcovParse } = await import('lcov-parse')
    return new Promise((resolve, reject) =>
      lcovParse(file, (error, data) =>
        error ? reject(new Error(typeof error === 'string' ? error : 'lcov-parse failed')) : resolve(data.length),
      ),
    )
  },
  'fast-xml-parser': async () => {
    const { XMLParser } = await import('fast-xml-parser')
    const document = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, 'utf8')) as Record<
      string,
      unknown
    >
    return Object.keys(document).length
  },
}

const start = performance.now()
try {
  const files = await (PARSERS[parser] ?? (() => Promise.reject(new Error(`unknown parser ${parser}`))))()
  const ms = performance.now() - start
  console.log(JSON.stringify({ ok: true, ms, files, maxRssMb: process.resourceUsage().maxRSS / 1024 }))
} catch (error) {
  console.log(
    JSON.stringify({
      ok: false,
      error: error instanceof Error ? error.message.slice(0, 120) : String(error),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  )
}
