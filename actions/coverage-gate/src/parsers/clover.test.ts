import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { repoRoot } from '../../../../tools/lib/action-yml.js'
import { countFile, sumCounts } from '../merge.js'
import { parseClover } from './clover.js'

describe('parseClover on real reports', () => {
  // OpenClover 4.4.1 (clover-maven-plugin): 185 <file>s, of which 83 sit under <testproject> (the
  // test sources). Its <project> metrics state files="102", conditionals="4876",
  // coveredconditionals="2784". Worked out from the file's <project> section: 9208 distinct
  // stmt/cond lines, 6075 of them run (a cond line carries no count: it ran when its condition
  // was evaluated, truecount + falsecount > 0).
  it('leaves out <testproject> and counts cond lines that ran, as OpenClover does', async () => {
    const report = await parseClover(
      join(repoRoot, 'tests/fixtures/corpus/real/coverage/clover-openclover-4.4.1-testproject/clover.xml'),
    )
    expect(report.files).toHaveLength(102)
    expect(report.files.some((file) => /\/src\/test\//.test(file.path))).toBe(false)
    expect(sumCounts(report.files.map(countFile))).toEqual({
      linesTotal: 9208,
      linesCovered: 6075,
      branchesTotal: 4876,
      branchesCovered: 2784,
    })
  })
})
