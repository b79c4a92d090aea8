// lcov-parse ships no types; the benchmark only calls it as a peer.
declare module 'lcov-parse' {
  export default function lcovParse(file: string, callback: (error: unknown, data: unknown[]) => void): void
}
