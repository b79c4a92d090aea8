import { runAction } from '@shipgate/core/action'
import { run } from './main.js'

await runAction(run)
