// The example service's migration command, shaped like `alembic upgrade head` / `alembic current`:
//   migrate.ts            moves the database to the revision $BG_VERSION's release needs (in a
//                         container, its image's $VERSION)
//   migrate.ts --to r2    moves it to r2 (a downgrade too: migrate-failure-command, migrate-rollback-command)
//   migrate.ts --release v2  moves it to the revision v2's release needs (e.g. $BG_PREVIOUS_VERSION)
//   migrate.ts --current  prints the revision it is at (schema-version-command)
// The database is $DB_PATH. A migration prints BG_SCHEMA_VERSION=<revision> last, as
// blue-green-deploy reads it. Running it again at the target does nothing (idempotent at head).
import { DatabaseSync } from 'node:sqlite'
import { currentRevision, migrateTo, releaseOf } from './schema.js'

const path = process.env.DB_PATH
if (!path) {
  console.error('DB_PATH is not set: the path of the SQLite database to migrate')
  process.exit(2)
}
const db = new DatabaseSync(path)
db.exec('PRAGMA busy_timeout = 5000')
const args = process.argv.slice(2)
if (args[0] === '--current') {
  console.log(currentRevision(db) ?? 'none')
} else {
  const target =
    args[0] === '--to'
      ? (args[1] ?? '')
      : releaseOf(args[0] === '--release' ? (args[1] ?? '') : process.env.BG_VERSION || process.env.VERSION || '')
          .revision
  const from = currentRevision(db) ?? 'none'
  const steps = migrateTo(db, target)
  console.log(steps.length === 0 ? `already at ${target}: nothing to do` : `${from}: ${steps.join(', ')}`)
  console.log(`BG_SCHEMA_VERSION=${target}`)
}
db.close()
