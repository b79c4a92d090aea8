// A local stand-in for the GitHub REST API endpoints shipgate calls (issue comments, pull request
// files, deployments and their statuses), with pagination as GitHub does it (per_page, page, Link)
// and injectable faults. It records every request so tests can assert what was sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: unknown
  /** The status the server answered with. */
  status: number
}

export interface Fault {
  method?: string
  path: RegExp
  status: number
  /** How many matching requests fail; after that the real handler answers. */
  times: number
  headers?: Record<string, string>
  body?: unknown
}

export interface IssueComment {
  id: number
  body: string
  user: { login: string; type: string }
  html_url: string
}

export interface PullFile {
  filename: string
  status: string
  patch?: string
}

export interface Deployment {
  id: number
  sha: string
  ref: string
  environment: string
  description: string | null
  payload: unknown
  statuses: Array<{ id: number; state: string; environment_url?: string; log_url?: string; description?: string }>
}

/** The secondary rate limit as GitHub reports it: 403 with this message and retry-after. */
export const SECONDARY_RATE_LIMIT: Omit<Fault, 'path' | 'times'> = {
  status: 403,
  headers: { 'retry-after': '1' },
  body: {
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
  },
}

export const FORBIDDEN: Omit<Fault, 'path' | 'times'> = {
  status: 403,
  body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' },
}

/** The `body` field of a JSON request body, as GitHub takes it: a string. */
function bodyText(body: unknown): string {
  const value = (body as { body?: unknown } | undefined)?.body
  return typeof value === 'string' ? value : ''
}

type Handler = (match: RegExpExecArray, request: RecordedRequest) => [number, unknown, Record<string, string>?]

export class FakeGitHub {
  readonly requests: RecordedRequest[] = []
  readonly comments = new Map<number, IssueComment[]>()
  readonly pullFiles = new Map<number, PullFile[]>()
  readonly deployments: Deployment[] = []
  /** Pull requests of the repository, for `GET /pulls` (state, head `owner:branch`). */
  readonly pulls: Array<{ number: number; state: 'open' | 'closed'; head: { sha: string; label: string } }> = []
  /** Repository files by `<ref>:<path>`, served by the contents API. */
  readonly contents = new Map<string, string>()
  /**
   * Who the token is. Undefined: the workflow's GITHUB_TOKEN, an installation token that cannot
   * read `GET /user` (403) and whose comments are written by `github-actions[bot]`.
   */
  tokenUser: IssueComment['user'] | undefined
  private readonly faults: Fault[] = []
  private nextId = 1000
  url = ''

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token = 'ghs_fake_token_for_tests'): Promise<FakeGitHub> {
    const server = createServer()
    const github = new FakeGitHub(server, token)
    server.on('request', (req, res) => void github.handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    github.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return github
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault })
  }

  /** Adds one comment as `user` wrote it, e.g. a person's comment that quotes a marker. */
  addComment(issue: number, body: string, user: IssueComment['user']): IssueComment {
    const comment = this.comment(issue, body, user)
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment])
    return comment
  }

  seedComments(issue: number, count: number, body: (i: number) => string = (i) => `comment ${i}`): void {
    const list = this.comments.get(issue) ?? []
    for (let i = 0; i < count; i++) list.push(this.comment(issue, body(i), { login: `user${i % 7}`, type: 'User' }))
    this.comments.set(issue, list)
  }

  private comment(issue: number, body: string, user: IssueComment['user']): IssueComment {
    const id = this.nextId++
    return { id, body, user, html_url: `https://github.com/octo-org/shipgate-demo/pull/${issue}#issuecomment-${id}` }
  }

  private page<T>(items: T[], request: RecordedRequest): [number, unknown, Record<string, string>] {
    const perPage = Math.min(100, Number(request.query.get('per_page') ?? 30))
    const page = Math.max(1, Number(request.query.get('page') ?? 1))
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (n: number, rel: string) => {
      const query = new URLSearchParams(request.query)
      query.set('page', String(n))
      return `<${this.url}${request.path}?${query.toString()}>; rel="${rel}"`
    }
    const links = []
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
    return [200, items.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {}]
  }

  private readonly routes: Array<[string, RegExp, Handler]> = [
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/,
      (m, r) => {
        const text = this.contents.get(`${r.query.get('ref') ?? 'main'}:${decodeURIComponent(m[1] ?? '')}`)
        if (text === undefined) return [404, { message: 'Not Found' }]
        return [200, { type: 'file', encoding: 'base64', path: m[1], content: Buffer.from(text).toString('base64') }]
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls$/,
      (_m, r) => {
        const state = r.query.get('state') ?? 'open'
        const head = r.query.get('head')
        return this.page(
          this.pulls.filter((pr) => (state === 'all' || pr.state === state) && (!head || pr.head.label === head)),
          r,
        )
      },
    ],
    ['GET', /^\/user$/, () => (this.tokenUser ? [200, this.tokenUser] : [FORBIDDEN.status, FORBIDDEN.body])],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      (m, r) => this.page(this.comments.get(Number(m[1])) ?? [], r),
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      (m, r) => {
        const issue = Number(m[1])
        const author = this.tokenUser ?? { login: 'github-actions[bot]', type: 'Bot' }
        return [201, this.addComment(issue, bodyText(r.body), author)]
      },
    ],
    [
      'PATCH',
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      (m, r) => {
        const comment = [...this.comments.values()].flat().find((c) => c.id === Number(m[1]))
        if (!comment) return [404, { message: 'Not Found' }]
        comment.body = bodyText(r.body)
        return [200, comment]
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/,
      (m, r) => this.page(this.pullFiles.get(Number(m[1])) ?? [], r),
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/deployments$/,
      (_m, r) => {
        const body = r.body as Partial<Deployment> & { ref?: string }
        const deployment: Deployment = {
          id: this.nextId++,
          sha: String(body.sha ?? body.ref ?? ''),
          ref: String(body.ref ?? ''),
          environment: String(body.environment ?? 'production'),
          description: body.description ?? null,
          payload: body.payload ?? {},
          statuses: [],
        }
        this.deployments.push(deployment)
        return [201, deployment]
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/deployments$/,
      (_m, r) => {
        const environment = r.query.get('environment')
        return this.page(this.deployments.filter((d) => !environment || d.environment === environment).reverse(), r)
      },
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/,
      (m, r) => {
        const deployment = this.deployments.find((d) => d.id === Number(m[1]))
        if (!deployment) return [404, { message: 'Not Found' }]
        const status = { id: this.nextId++, ...(r.body as { state: string }) }
        deployment.statuses.push(status)
        return [201, status]
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/,
      (m, r) => this.page([...(this.deployments.find((d) => d.id === Number(m[1]))?.statuses ?? [])].reverse(), r),
    ],
  ]

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.url)
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      status: 0,
    }
    this.requests.push(request)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      request.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(body))
    }
    const fault = this.faults.find(
      (f) => f.times > 0 && f.path.test(request.path) && (!f.method || f.method === request.method),
    )
    if (fault) {
      fault.times -= 1
      return send(fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers)
    }
    const auth = req.headers.authorization ?? ''
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return send(401, { message: 'Bad credentials' })
    }
    for (const [method, pattern, handler] of this.routes) {
      const match = pattern.exec(request.path)
      if (match && method === request.method) return send(...handler(match, request))
    }
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
  }
}
