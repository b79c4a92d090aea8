import { describe, expect, it } from '@jest/globals'
import { breach, expandQuery, parseMetricChecks } from './checks.js'
import { sampleOf } from './prometheus.js'

describe('parseMetricChecks', () => {
  it('reads the seed rules', () => {
    const checks = parseMetricChecks(
      [
        '- name: error-rate',
        '  query: sum(rate(http_requests_total{version="{version}",code=~"5.."}[1m])) / sum(rate(http_requests_total{version="{version}"}[1m]))',
        '  max: 0.05',
        '- name: p95',
        '  query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version="{version}"}[1m])))',
        '  max: 2',
        '- name: throughput',
        '  query: sum(rate(http_requests_total{color="{color}"}[1m]))',
        '  min: 1',
      ].join('\n'),
    )
    expect(checks.map((check) => [check.name, check.max, check.min])).toEqual([
      ['error-rate', 0.05, undefined],
      ['p95', 2, undefined],
      ['throughput', undefined, 1],
    ])
  })
  it.each([
    ['not YAML', '- name: [', /not YAML/],
    ['not a list', 'name: x', /a YAML list of checks/],
    ['an empty list', '[]', /a YAML list of checks/],
    ['no name', '- query: up\n  max: 1', /check 1 has no name/],
    ['no query', '- name: a\n  max: 1', /check a has no query/],
    ['no limit', '- name: a\n  query: up', /check a needs max and\/or min/],
    ['a limit that is text', '- name: a\n  query: up\n  max: "5%"', /check a: max must be a number/],
    ['min above max', '- name: a\n  query: up\n  max: 1\n  min: 2', /min 2 above max 1/],
    ['a name twice', '- name: a\n  query: up\n  max: 1\n- name: a\n  query: up\n  max: 1', /the name a is used twice/],
    ['an unknown field', '- name: a\n  query: up\n  maximum: 1', /unknown field\(s\) maximum/],
  ])('%s is refused, naming the input', (_name, text, expected) => {
    expect(() => parseMetricChecks(text)).toThrow(/^Input 'metrics' is/)
    expect(() => parseMetricChecks(text)).toThrow(expected)
  })
})

describe('expandQuery', () => {
  it('replaces the placeholders, escaped for a label matcher', () => {
    expect(
      expandQuery('up{version="{version}",color="{color}"}', { version: 'v1"} or vector(1) #', color: 'blue' }),
    ).toBe('up{version="v1\\"} or vector(1) #",color="blue"}')
  })
})

describe('breach', () => {
  const check = { name: 'x', query: 'q', max: 0.05, min: 0.01 }
  it.each([
    [0.03, undefined],
    [0.05, undefined],
    [0.0501, '0.0501 > max 0.05'],
    [0.001, '0.001 < min 0.01'],
  ])('%p', (value, expected) => expect(breach(check, value)).toBe(expected))
})

describe('sampleOf: what Prometheus answered', () => {
  it.each([
    [
      'one series',
      { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.2'] }] } },
      { kind: 'value', value: 0.2 },
    ],
    ['a scalar', { status: 'success', data: { resultType: 'scalar', result: [1, '3'] } }, { kind: 'value', value: 3 }],
    [
      'no series: no data',
      { status: 'success', data: { resultType: 'vector', result: [] } },
      { kind: 'no-data', why: 'the query returned no series' },
    ],
    [
      'NaN: no data',
      { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'NaN'] }] } },
      { kind: 'no-data', why: 'the query returned NaN' },
    ],
    [
      'two series: an error',
      { status: 'success', data: { resultType: 'vector', result: [{ value: [1, '1'] }, { value: [1, '2'] }] } },
      {
        kind: 'error',
        why: 'the query returned 2 series; it must yield one number (aggregate it, e.g. with sum(...))',
      },
    ],
    [
      'a refusal',
      { status: 'error', errorType: 'bad_data', error: 'parse error' },
      { kind: 'error', why: 'bad_data: parse error' },
    ],
  ] as const)('%s', (_name, body, expected) => {
    expect(sampleOf(body as Parameters<typeof sampleOf>[0])).toEqual(expected)
  })
})
