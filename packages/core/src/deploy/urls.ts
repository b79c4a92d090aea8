import { InputError } from '../action/errors.js'
import type { Color, DeployTarget } from './model.js'

export function colorUrl(target: Pick<DeployTarget, 'urls'>, color: Color): URL {
  const url = target.urls[color]
  if (!url) throw new InputError(`${color}-url`, '', `the base URL of the ${color} color, e.g. http://127.0.0.1:8081`)
  return url
}

/** `base` + `path`, keeping any path prefix the base already has (a color behind a sub-path). */
export function joinUrl(base: URL, path: string): URL {
  const url = new URL(base.href)
  url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`
  return url
}
