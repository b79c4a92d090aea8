import { mainOrPost, runAction } from '@shipgate/core/action'
import { post, run } from './main.js'

await runAction(() => mainOrPost(run, post))
