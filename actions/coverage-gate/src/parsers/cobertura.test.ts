import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { repoRoot } from '../../../../tools/lib/action-yml.js'
import { countFile, sumCounts } from '../merge.js'
import { parseCobertura } from './cobertura.js'

describe('parseCobertura on real reports', () => {
  // coverlet writes branch="True" (capital T) and a UTF-8 byte order mark. Worked out from the
  // file's class-level <line> elements: 243 lines with branches, condition-coverage summing to 429
  // of 727. (Its root attributes state 436 of 735; taking the report's own total as the headline
  // is issue 12's policy, not this parser's.)
  it('reads coverlet’s branch="True" lines instead of dropping their branches', async () => {
    const report = await parseCobertura(
      join(repoRoot, 'tests/fixtures/corpus/real/coverage/cobertura-coverlet-porting-assistant/coverage.cobertura.xml'),
    )
    expect(sumCounts(report.files.map(countFile))).toEqual({
      linesTotal: 2495,
      linesCovered: 1739,
      branchesTotal: 727,
      branchesCovered: 429,
    })
  })
})
